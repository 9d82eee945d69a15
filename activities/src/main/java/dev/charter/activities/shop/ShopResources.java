package dev.charter.activities.shop;

import dev.charter.activities.authorization.ResourceDirectory;
import dev.charter.policy.EntityData;
import dev.charter.policy.EntityRef;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The shop's resources as Cedar sees them: each order and customer with the tenant the system of
 * record says it belongs to, so the tenancy policy compares real ownership, not the model's claim.
 */
public final class ShopResources implements ResourceDirectory {

  private static final Map<String, String> TABLES =
      Map.of("Shop::Order", "orders", "Shop::Customer", "customer");

  private final JdbcClient jdbc;
  private final String queueTenant;

  /**
   * @param dataSource the shop database
   * @param queueTenant the tenant the support queues belong to
   */
  public ShopResources(DataSource dataSource, String queueTenant) {
    this.jdbc = JdbcClient.create(dataSource);
    this.queueTenant = queueTenant;
  }

  @Override
  public Optional<EntityData> find(EntityRef resource) {
    if (resource.type().equals("Shop::Queue")) {
      return Optional.of(entity(resource, queueTenant));
    }
    String table = TABLES.get(resource.type());
    if (table == null) {
      return Optional.empty();
    }
    // The table name comes from the fixed map above, never from the request.
    try {
      return jdbc.sql("select tenant from " + table + " where id = ?")
          .param(resource.id())
          .query(String.class)
          .optional()
          .map(tenant -> entity(resource, tenant));
    } catch (DataAccessException e) {
      // Transient by nature (the database is down or busy): the local activity is retried.
      throw new IllegalStateException(
          "shop database unavailable while looking up " + resource.toCedar(), e);
    }
  }

  private static EntityData entity(EntityRef ref, String tenant) {
    return new EntityData(ref, Map.of("tenant", tenant), Set.of());
  }
}
