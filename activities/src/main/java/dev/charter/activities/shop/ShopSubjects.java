package dev.charter.activities.shop;

import dev.charter.activities.privacy.KnownSubject;
import dev.charter.activities.privacy.SubjectDirectory;
import dev.charter.policy.EntityRef;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The support desk's data subjects: the customer a task's {@code customerId} field names and the
 * customer of the order its {@code orderId} names, as the shop database holds them (name, email,
 * postal address, phone, customer id). Both are read, so a ticket that names another customer's id
 * still has its order's customer redacted.
 */
public final class ShopSubjects implements SubjectDirectory {

  static final String CUSTOMER_FIELD = "customerId";
  static final String ORDER_FIELD = "orderId";

  private final JdbcClient jdbc;

  /**
   * @param dataSource the shop database
   */
  public ShopSubjects(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  @Override
  public KnownSubject subjectOf(Collection<Map<String, String>> fields) {
    Set<String> customers = new LinkedHashSet<>();
    Set<String> orders = new LinkedHashSet<>();
    for (Map<String, String> input : fields) {
      addIfPresent(customers, input.get(CUSTOMER_FIELD));
      addIfPresent(orders, input.get(ORDER_FIELD));
    }
    try {
      for (String order : orders) {
        jdbc.sql("SELECT customer_id FROM orders WHERE id = ?")
            .param(order)
            .query(String.class)
            .optional()
            .ifPresent(customers::add);
      }
      KnownSubject subject = KnownSubject.NONE;
      for (String customer : customers) {
        subject = subject.and(customer(customer));
      }
      return subject;
    } catch (DataAccessException e) {
      // transient by nature (the database is down or busy): the activity is retried
      throw new IllegalStateException("shop database unavailable while reading task subjects", e);
    }
  }

  @Override
  public KnownSubject recipient(EntityRef target) {
    if (!ShopResources.CUSTOMER.equals(target.type())) {
      return KnownSubject.NONE;
    }
    try {
      return customer(target.id());
    } catch (DataAccessException e) {
      throw new IllegalStateException("shop database unavailable while reading a recipient", e);
    }
  }

  private KnownSubject customer(String id) {
    return jdbc.sql("SELECT id, name, email, postal_address, phone FROM customer WHERE id = ?")
        .param(id)
        .query(
            (row, n) ->
                new KnownSubject(
                    List.of(row.getString("name")),
                    present(row.getString("postal_address")),
                    List.of(row.getString("email")),
                    present(row.getString("phone")),
                    List.of(row.getString("id"))))
        .optional()
        .orElse(KnownSubject.NONE);
  }

  private static List<String> present(String value) {
    return value == null || value.isBlank() ? List.of() : List.of(value);
  }

  private static void addIfPresent(Set<String> into, String value) {
    if (value != null && !value.isBlank()) {
      into.add(value.strip());
    }
  }
}
