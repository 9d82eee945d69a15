package dev.charter.activities.shop;

import dev.charter.activities.audit.Sha256;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The support desk's tools, one method each, on Spring's {@link JdbcClient} inside the caller's
 * transaction: the caller decides it, so a tool's side effect and the record of its execution
 * commit together. Every query is scoped to one tenant. Outputs carry ids, amounts and statuses,
 * never a customer's name or email: PII stays in the system of record.
 */
public final class ShopTools {

  private final String tenant;

  /**
   * @param tenant the shop whose customers and orders the tools may see, e.g. {@code acme-shop}
   */
  public ShopTools(String tenant) {
    if (tenant == null || tenant.isBlank()) {
      throw new IllegalArgumentException(
          "shop tools: tenant must not be blank, got `" + tenant + "`");
    }
    this.tenant = tenant;
  }

  /** The tenant these tools act for. */
  public String tenant() {
    return tenant;
  }

  /**
   * {@code lookup_order}: the order's status and amounts; reads only.
   *
   * @return {@code orderId, status, item, totalCents, refundedCents, customerId}
   * @throws ApplicationFailure non-retryable {@code OrderNotFound}
   */
  public Map<String, String> lookupOrder(JdbcClient jdbc, String orderId) {
    return jdbc.sql(
            "SELECT status, item, total_cents, refunded_cents, customer_id FROM orders"
                + " WHERE id = ? AND tenant = ?")
        .params(orderId, tenant)
        .query(
            (row, n) -> {
              Map<String, String> output = new LinkedHashMap<>();
              output.put("orderId", orderId);
              output.put("status", row.getString("status"));
              output.put("item", row.getString("item"));
              output.put("totalCents", Long.toString(row.getLong("total_cents")));
              output.put("refundedCents", Long.toString(row.getLong("refunded_cents")));
              output.put("customerId", row.getString("customer_id"));
              return output;
            })
        .optional()
        .orElseThrow(() -> orderNotFound(orderId));
  }

  /**
   * {@code issue_refund}: records an applied refund and adds it to the order's refunded amount. The
   * conditional update keeps the sum within the order total even against concurrent refunds. Undone
   * by {@link #reverseRefund}.
   *
   * @param idempotencyKey the call's key; also names the refund row
   * @return {@code refundId, orderId, amountCents}
   * @throws ApplicationFailure non-retryable {@code OrderNotFound} or {@code RefundExceedsOrder}
   */
  public Map<String, String> issueRefund(
      JdbcClient jdbc, String idempotencyKey, String orderId, long amountCents) {
    if (amountCents <= 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          "refund on order `" + orderId + "` must be positive, got " + amountCents + " cents",
          "RefundExceedsOrder");
    }
    int updated =
        jdbc.sql(
                "UPDATE orders SET refunded_cents = refunded_cents + ?"
                    + " WHERE id = ? AND tenant = ? AND refunded_cents + ? <= total_cents")
            .params(amountCents, orderId, tenant, amountCents)
            .update();
    if (updated == 0) {
      Map<String, String> order = lookupOrder(jdbc, orderId);
      throw ApplicationFailure.newNonRetryableFailure(
          "refund of "
              + amountCents
              + " cents on order `"
              + orderId
              + "` exceeds what is left: total "
              + order.get("totalCents")
              + ", already refunded "
              + order.get("refundedCents"),
          "RefundExceedsOrder");
    }
    String refundId = rowId("rf", idempotencyKey);
    jdbc.sql(
            "INSERT INTO refund (id, idempotency_key, order_id, amount_cents, status, created_at)"
                + " VALUES (?, ?, ?, ?, 'applied', CURRENT_TIMESTAMP)")
        .params(refundId, idempotencyKey, orderId, amountCents)
        .update();
    Map<String, String> output = new LinkedHashMap<>();
    output.put("refundId", refundId);
    output.put("orderId", orderId);
    output.put("amountCents", Long.toString(amountCents));
    return output;
  }

  /**
   * {@code reverse_refund}: the compensation of {@link #issueRefund}. Marks the refund reversed and
   * takes its amount off the order; a refund already reversed is left as it is, so reversing twice
   * changes the books once.
   *
   * @return {@code refundId, orderId, amountCents, status, changed} where {@code changed} is false
   *     when the refund had already been reversed
   * @throws ApplicationFailure non-retryable {@code RefundNotFound}
   */
  public Map<String, String> reverseRefund(JdbcClient jdbc, String refundId) {
    RefundRow refund =
        jdbc.sql(
                "SELECT r.order_id, r.amount_cents FROM refund r JOIN orders o ON o.id = r.order_id"
                    + " WHERE r.id = ? AND o.tenant = ?")
            .params(refundId, tenant)
            .query(
                (row, n) -> new RefundRow(row.getString("order_id"), row.getLong("amount_cents")))
            .optional()
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "refund `" + refundId + "` not found in tenant `" + tenant + "`",
                        "RefundNotFound"));
    String orderId = refund.orderId();
    long amountCents = refund.amountCents();
    int reversed =
        jdbc.sql(
                "UPDATE refund SET status = 'reversed', reversed_at = CURRENT_TIMESTAMP"
                    + " WHERE id = ? AND status = 'applied'")
            .param(refundId)
            .update();
    if (reversed == 1) {
      jdbc.sql("UPDATE orders SET refunded_cents = refunded_cents - ? WHERE id = ?")
          .params(amountCents, orderId)
          .update();
    }
    Map<String, String> output = new LinkedHashMap<>();
    output.put("refundId", refundId);
    output.put("orderId", orderId);
    output.put("amountCents", Long.toString(amountCents));
    output.put("status", "reversed");
    output.put("changed", Boolean.toString(reversed == 1));
    return output;
  }

  /**
   * {@code send_customer_email}: queues an email in the outbox, the shop's one external egress (a
   * relay delivers it; nothing here speaks SMTP). It has no compensation: once delivered, an email
   * cannot be unsent, which is why policy puts approval in front of it rather than a saga behind.
   *
   * @param orderId the order the email is about, or null
   * @param includesCustomerData whether the body carries the customer's own data
   * @return {@code emailId, customerId, template, status}
   * @throws ApplicationFailure non-retryable {@code CustomerNotFound}, {@code OrderNotFound} or
   *     {@code EmailUndeliverable}
   */
  public Map<String, String> sendCustomerEmail(
      JdbcClient jdbc,
      String idempotencyKey,
      String customerId,
      String template,
      String orderId,
      boolean includesCustomerData) {
    boolean deliverable =
        jdbc.sql("SELECT email_deliverable FROM customer WHERE id = ? AND tenant = ?")
            .params(customerId, tenant)
            .query((row, n) -> row.getBoolean("email_deliverable"))
            .optional()
            .orElseThrow(() -> customerNotFound(customerId));
    if (!deliverable) {
      throw ApplicationFailure.newNonRetryableFailure(
          "customer `"
              + customerId
              + "` has an undeliverable email address (bounced); reach them another way",
          "EmailUndeliverable");
    }
    if (orderId != null) {
      Map<String, String> order = lookupOrder(jdbc, orderId);
      if (!Objects.equals(order.get("customerId"), customerId)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "order `" + orderId + "` does not belong to customer `" + customerId + "`",
            "OrderNotFound");
      }
    }
    String emailId = rowId("em", idempotencyKey);
    jdbc.sql(
            "INSERT INTO outbound_email (id, idempotency_key, customer_id, template, order_id,"
                + " includes_customer_data, status) VALUES (?, ?, ?, ?, ?, ?, 'queued')")
        .params(emailId, idempotencyKey, customerId, template, orderId, includesCustomerData)
        .update();
    Map<String, String> output = new LinkedHashMap<>();
    output.put("emailId", emailId);
    output.put("customerId", customerId);
    output.put("template", template);
    output.put("status", "queued");
    return output;
  }

  /**
   * {@code export_customer_data}: queues an export of the customer's data to a destination. It has
   * no compensation: a revocation could cancel a queued export, but not recall a copy already
   * delivered, and a saga step that only sometimes undoes would claim more than it does; a leaked
   * export is an incident for a human, which is why policy gates this tool up front.
   *
   * @return {@code exportId, customerId, destination, status}
   * @throws ApplicationFailure non-retryable {@code CustomerNotFound}
   */
  public Map<String, String> exportCustomerData(
      JdbcClient jdbc, String idempotencyKey, String customerId, String destination) {
    requireCustomer(jdbc, customerId);
    String exportId = rowId("ex", idempotencyKey);
    jdbc.sql(
            "INSERT INTO data_export (id, idempotency_key, customer_id, destination, status)"
                + " VALUES (?, ?, ?, ?, 'queued')")
        .params(exportId, idempotencyKey, customerId, destination)
        .update();
    Map<String, String> output = new LinkedHashMap<>();
    output.put("exportId", exportId);
    output.put("customerId", customerId);
    output.put("destination", destination);
    output.put("status", "queued");
    return output;
  }

  /**
   * {@code escalate_to_human}: opens an escalation on a support queue. Handing a case to a human is
   * never wrong to have done, so it has no compensation.
   *
   * @return {@code escalationId, queue}; the reason stays in the system of record
   */
  public Map<String, String> escalateToHuman(
      JdbcClient jdbc, String idempotencyKey, String queue, String reason) {
    String escalationId = rowId("es", idempotencyKey);
    jdbc.sql("INSERT INTO escalation (id, idempotency_key, queue, reason) VALUES (?, ?, ?, ?)")
        .params(escalationId, idempotencyKey, queue, reason)
        .update();
    Map<String, String> output = new LinkedHashMap<>();
    output.put("escalationId", escalationId);
    output.put("queue", queue);
    return output;
  }

  private void requireCustomer(JdbcClient jdbc, String customerId) {
    if (jdbc.sql("SELECT 1 FROM customer WHERE id = ? AND tenant = ?")
        .params(customerId, tenant)
        .query(Integer.class)
        .optional()
        .isEmpty()) {
      throw customerNotFound(customerId);
    }
  }

  /**
   * A row written by a tool is named after its call's key, so a retried call names the same row.
   */
  private static String rowId(String prefix, String idempotencyKey) {
    return prefix + "-" + Sha256.hex(idempotencyKey).substring(0, 20);
  }

  private ApplicationFailure orderNotFound(String orderId) {
    return ApplicationFailure.newNonRetryableFailure(
        "order `" + orderId + "` not found in tenant `" + tenant + "`", "OrderNotFound");
  }

  /** The refund a reversal undoes. */
  private record RefundRow(String orderId, long amountCents) {}

  private ApplicationFailure customerNotFound(String customerId) {
    return ApplicationFailure.newNonRetryableFailure(
        "customer `" + customerId + "` not found in tenant `" + tenant + "`", "CustomerNotFound");
  }
}
