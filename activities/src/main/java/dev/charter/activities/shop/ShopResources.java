package dev.charter.activities.shop;

import dev.charter.activities.authorization.ResourceDirectory;
import dev.charter.activities.authorization.ResourceFacts;
import dev.charter.contract.PolicyFact;
import dev.charter.contract.ToolCall;
import dev.charter.policy.EntityData;
import dev.charter.policy.EntityRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shop's resources as Cedar sees them, read from the shop database at authorization time: an
 * order's tenant, customer, total, amount already refunded, currency and status; a customer's
 * tenant, verified export destinations, contact state and what was refunded to them today; the
 * email template a call names, with whether it carries customer data; a refund's tenant (its
 * order's), order, amount and status, for its compensation {@code reverse_refund}. Policies compare
 * these facts, not what the caller or the model says. Each entity is reported with the rows it came
 * from (table, key, row version), which the verdict records.
 */
public final class ShopResources implements ResourceDirectory {

  static final String ORDER = "Shop::Order";
  static final String CUSTOMER = "Shop::Customer";
  static final String QUEUE = "Shop::Queue";
  static final String REFUND = "Shop::Refund";
  static final String TEMPLATE = "Shop::EmailTemplate";

  /** The argument through which a call names an email template of the catalogue. */
  static final String TEMPLATE_ARGUMENT = "template";

  private final JdbcClient jdbc;
  private final TransactionTemplate reads;
  private final String queueTenant;

  /**
   * @param dataSource the shop database
   * @param queueTenant the tenant the support queues belong to
   */
  public ShopResources(DataSource dataSource, String queueTenant) {
    this.jdbc = JdbcClient.create(dataSource);
    this.reads = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    this.reads.setReadOnly(true);
    this.queueTenant = queueTenant;
  }

  @Override
  public ResourceFacts load(ToolCall call, EntityRef target) {
    try {
      // one read-only transaction: the facts of one verdict are read on one connection
      return reads.execute(status -> read(call, target));
    } catch (DataAccessException | TransactionException e) {
      // Transient by nature (the database is down or busy): the local activity is retried.
      throw new IllegalStateException(
          "shop database unavailable while loading " + target.toCedar(), e);
    }
  }

  private ResourceFacts read(ToolCall call, EntityRef target) {
    List<EntityData> related = new ArrayList<>();
    List<PolicyFact> sources = new ArrayList<>();
    EntityData resource;
    switch (target.type()) {
      case QUEUE -> {
        resource = new EntityData(target, Map.of("tenant", queueTenant), Set.of());
        sources.add(
            fact(resource, new PolicyFact.Source("configuration", "queue-tenant", queueTenant)));
      }
      case ORDER -> {
        Optional<Loaded> order = order(target.id());
        if (order.isEmpty()) {
          return ResourceFacts.missing("order `" + target.id() + "`");
        }
        EntityRef customerRef = (EntityRef) order.get().entity().attributes().get("customer");
        Optional<Loaded> customer = customer(customerRef.id());
        if (customer.isEmpty()) {
          return ResourceFacts.missing("customer `" + customerRef.id() + "`");
        }
        resource = order.get().entity();
        sources.add(order.get().fact());
        related.add(customer.get().entity());
        sources.add(customer.get().fact());
      }
      case REFUND -> {
        Optional<Loaded> refund = refund(target.id());
        if (refund.isEmpty()) {
          return ResourceFacts.missing("refund `" + target.id() + "`");
        }
        EntityRef orderRef = (EntityRef) refund.get().entity().attributes().get("order");
        Optional<Loaded> order = order(orderRef.id());
        if (order.isEmpty()) {
          return ResourceFacts.missing("order `" + orderRef.id() + "`");
        }
        EntityRef customerRef = (EntityRef) order.get().entity().attributes().get("customer");
        Optional<Loaded> customer = customer(customerRef.id());
        if (customer.isEmpty()) {
          return ResourceFacts.missing("customer `" + customerRef.id() + "`");
        }
        resource = refund.get().entity();
        sources.add(refund.get().fact());
        related.add(order.get().entity());
        sources.add(order.get().fact());
        related.add(customer.get().entity());
        sources.add(customer.get().fact());
      }
      case CUSTOMER -> {
        Optional<Loaded> customer = customer(target.id());
        if (customer.isEmpty()) {
          return ResourceFacts.missing("customer `" + target.id() + "`");
        }
        resource = customer.get().entity();
        sources.add(customer.get().fact());
      }
      default -> {
        return ResourceFacts.missing("resource `" + target.toCedar() + "`");
      }
    }
    Map<String, EntityRef> context = new LinkedHashMap<>();
    String templateName = call.arguments().get(TEMPLATE_ARGUMENT);
    if (templateName != null) {
      Optional<Loaded> template = template(templateName);
      if (template.isEmpty()) {
        return ResourceFacts.missing("email template `" + templateName + "`");
      }
      related.add(template.get().entity());
      sources.add(template.get().fact());
      context.put(TEMPLATE_ARGUMENT, template.get().entity().ref());
    }
    return new ResourceFacts(resource, related, context, sources);
  }

  private Optional<Loaded> order(String id) {
    return jdbc.sql(
            "SELECT tenant, customer_id, total_cents, refunded_cents, currency, status, row_version"
                + " FROM orders WHERE id = ?")
        .param(id)
        .query(
            (row, n) -> {
              Map<String, Object> attributes = new LinkedHashMap<>();
              attributes.put("tenant", row.getString("tenant"));
              attributes.put("customer", new EntityRef(CUSTOMER, row.getString("customer_id")));
              attributes.put("totalCents", row.getLong("total_cents"));
              attributes.put("refundedCents", row.getLong("refunded_cents"));
              attributes.put("currency", row.getString("currency"));
              attributes.put("status", row.getString("status"));
              EntityData entity = new EntityData(new EntityRef(ORDER, id), attributes, Set.of());
              return new Loaded(
                  entity,
                  fact(
                      entity,
                      new PolicyFact.Source(
                          "orders", "id=" + id, Long.toString(row.getLong("row_version")))));
            })
        .optional();
  }

  /** A refund row; its tenant is its order's (the refund table has none of its own). */
  private Optional<Loaded> refund(String id) {
    return jdbc.sql(
            "SELECT o.tenant, r.order_id, r.amount_cents, r.status FROM refund r"
                + " JOIN orders o ON o.id = r.order_id WHERE r.id = ?")
        .param(id)
        .query(
            (row, n) -> {
              Map<String, Object> attributes = new LinkedHashMap<>();
              attributes.put("tenant", row.getString("tenant"));
              attributes.put("order", new EntityRef(ORDER, row.getString("order_id")));
              attributes.put("amountCents", row.getLong("amount_cents"));
              attributes.put("status", row.getString("status"));
              EntityData entity = new EntityData(new EntityRef(REFUND, id), attributes, Set.of());
              // refunds change state once (applied -> reversed): the status is their version
              return new Loaded(
                  entity,
                  fact(
                      entity,
                      new PolicyFact.Source("refund", "id=" + id, row.getString("status"))));
            })
        .optional();
  }

  private Optional<Loaded> customer(String id) {
    Optional<CustomerRow> found =
        jdbc.sql("SELECT tenant, email_deliverable, row_version FROM customer WHERE id = ?")
            .param(id)
            .query(
                (row, n) ->
                    new CustomerRow(
                        row.getString("tenant"),
                        row.getBoolean("email_deliverable"),
                        row.getLong("row_version")))
            .optional();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    CustomerRow customer = found.get();
    Set<String> destinations =
        new TreeSet<>(
            jdbc.sql("SELECT destination FROM export_destination WHERE customer_id = ?")
                .param(id)
                .query(String.class)
                .list());
    // "today" is the database's day, the same clock that stamps refund.created_at
    RefundsToday today =
        jdbc.sql(
                "SELECT COALESCE(SUM(r.amount_cents), 0) AS cents, COUNT(*) AS refunds"
                    + " FROM refund r JOIN orders o ON o.id = r.order_id"
                    + " WHERE o.customer_id = ? AND r.status = 'applied'"
                    + " AND r.created_at >= CURRENT_DATE")
            .param(id)
            .query((row, n) -> new RefundsToday(row.getLong("cents"), row.getLong("refunds")))
            .single();
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("tenant", customer.tenant());
    attributes.put("verifiedDestinations", destinations);
    attributes.put("contactState", customer.deliverable() ? "reachable" : "bounced");
    attributes.put("refundedTodayCents", today.cents());
    EntityData entity = new EntityData(new EntityRef(CUSTOMER, id), attributes, Set.of());
    return Optional.of(
        new Loaded(
            entity,
            fact(
                entity,
                new PolicyFact.Source("customer", "id=" + id, Long.toString(customer.rowVersion())),
                new PolicyFact.Source(
                    "export_destination", "customer_id=" + id, destinations.size() + " rows"),
                new PolicyFact.Source(
                    "refund", "customer_id=" + id + " applied today", today.refunds() + " rows"))));
  }

  private Optional<Loaded> template(String name) {
    return jdbc.sql("SELECT includes_customer_data, row_version FROM email_template WHERE name = ?")
        .param(name)
        .query(
            (row, n) -> {
              EntityData entity =
                  new EntityData(
                      new EntityRef(TEMPLATE, name),
                      Map.of("includesCustomerData", row.getBoolean("includes_customer_data")),
                      Set.of());
              return new Loaded(
                  entity,
                  fact(
                      entity,
                      new PolicyFact.Source(
                          "email_template",
                          "name=" + name,
                          Long.toString(row.getLong("row_version")))));
            })
        .optional();
  }

  /** The entity as recorded with the verdict: uids as Cedar text, sets as sorted lists. */
  private static PolicyFact fact(EntityData entity, PolicyFact.Source... sources) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    entity
        .attributes()
        .forEach(
            (name, value) -> {
              if (value instanceof EntityRef ref) {
                attributes.put(name, ref.toCedar());
              } else if (value instanceof Set<?> set) {
                attributes.put(name, List.copyOf(new TreeSet<>(set)));
              } else {
                attributes.put(name, value);
              }
            });
    return new PolicyFact(entity.ref().toCedar(), attributes, List.of(sources));
  }

  /** An entity and the record of where it came from. */
  private record Loaded(EntityData entity, PolicyFact fact) {}

  /** A customer row. */
  private record CustomerRow(String tenant, boolean deliverable, long rowVersion) {}

  /** What was refunded to a customer today: the sum and the number of refunds summed. */
  private record RefundsToday(long cents, long refunds) {}
}
