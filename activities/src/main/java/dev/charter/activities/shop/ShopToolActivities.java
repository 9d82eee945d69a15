package dev.charter.activities.shop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.charter.activities.audit.Sha256;
import dev.charter.activities.tools.ToolContracts;
import dev.charter.activities.tools.ToolPermits;
import dev.charter.contract.Compensation;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
import dev.charter.workflow.activity.ToolActivities;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the support desk's tools exactly once per idempotency key.
 *
 * <p>Each call inserts its {@code tool_execution} row (key, tool, sha-256 of the arguments, result)
 * in the same transaction as its side effect, row first: the key's primary key is the arbiter, so
 * when two workers race on one key the second blocks on the first's insert, fails on the duplicate
 * once the first commits, and answers with the committed result. A key seen again with the same
 * arguments returns the recorded result marked {@code replayed}; with other arguments it is refused
 * as {@code IdempotencyKeyReused}.
 *
 * <p>Database trouble (connection lost, lock timeout) is thrown as a retryable failure: nothing was
 * committed, so Temporal's retry runs the call again under the same key.
 *
 * <p>The SQL runs on Spring's {@link JdbcClient}; a {@link TransactionTemplate} over the same data
 * source makes the claim, the side effect and the recorded result one transaction.
 *
 * <p>Nothing runs without a permit: every invocation and compensation must carry the one the
 * authorization stage signed for exactly that call ({@link ToolPermits}), checked before anything
 * else, so an {@code Execute} scheduled by another workflow or client is refused with {@code
 * PermitInvalid} and writes nothing.
 */
public final class ShopToolActivities implements ToolActivities {

  static final String LOOKUP_ORDER = "lookup_order";
  static final String ISSUE_REFUND = "issue_refund";
  static final String REVERSE_REFUND = "reverse_refund";
  static final String SEND_CUSTOMER_EMAIL = "send_customer_email";
  static final String EXPORT_CUSTOMER_DATA = "export_customer_data";
  static final String ESCALATE_TO_HUMAN = "escalate_to_human";

  /** Tools an agent may call through {@link #execute}; each is one Cedar action. */
  static final Set<String> AGENT_TOOLS =
      new TreeSet<>(
          Set.of(
              LOOKUP_ORDER,
              ISSUE_REFUND,
              SEND_CUSTOMER_EMAIL,
              EXPORT_CUSTOMER_DATA,
              ESCALATE_TO_HUMAN));

  /** Tools that only undo, run through {@link #compensate}. */
  static final Set<String> COMPENSATING_TOOLS = new TreeSet<>(Set.of(REVERSE_REFUND));

  static final String DEFAULT_ESCALATION_QUEUE = "support";

  private static final Logger log = LoggerFactory.getLogger(ShopToolActivities.class);

  /** Sorted keys make the arguments' JSON, and so its hash, canonical. */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ShopTools tools;
  private final ToolPermits permits;

  /**
   * @param dataSource the support desk's database, migrated by {@link ShopDatabase#migrate}
   * @param tenant the shop the tools act for
   * @param permits checks the permit of every call against the worker's key
   */
  public ShopToolActivities(DataSource dataSource, String tenant, ToolPermits permits) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    this.tools = new ShopTools(tenant);
    this.permits = Objects.requireNonNull(permits, "permits");
  }

  /** Tools for the demo shop, {@value ShopDatabase#DEMO_TENANT}. */
  public ShopToolActivities(DataSource dataSource, ToolPermits permits) {
    this(dataSource, ShopDatabase.DEMO_TENANT, permits);
  }

  @Override
  public ToolResult execute(ToolInvocation invocation) {
    if (invocation == null || invocation.call() == null) {
      throw ToolArguments.invalid("tool invocation carries no call: " + invocation);
    }
    ToolPermits.Validity permit =
        permits.check(
            invocation.permit(),
            ToolPermits.Kind.TOOL,
            invocation.taskId(),
            invocation.idempotencyKey(),
            invocation.call());
    return run(invocation.idempotencyKey(), invocation.call(), AGENT_TOOLS, permit);
  }

  @Override
  public ToolResult compensate(Compensation compensation) {
    if (compensation == null || compensation.call() == null) {
      throw ToolArguments.invalid("compensation carries no call: " + compensation);
    }
    ToolPermits.Validity permit =
        permits.check(
            compensation.permit(),
            ToolPermits.Kind.COMPENSATION,
            null,
            compensation.idempotencyKey(),
            compensation.call());
    return run(compensation.idempotencyKey(), compensation.call(), COMPENSATING_TOOLS, permit);
  }

  private ToolResult run(
      String key, ToolCall call, Set<String> allowed, ToolPermits.Validity permit) {
    String tool = call.tool();
    if (!allowed.contains(tool)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "unknown tool `" + tool + "`; known tools: " + allowed, "UnknownTool");
    }
    if (key == null || key.isBlank()) {
      throw ToolArguments.invalid("tool `" + tool + "` called without an idempotency key");
    }
    // the same contract the planner, the chat backends and the authorizer hold calls to
    ToolContracts.standard().check(call);
    BoundTool bound = bind(tool, key, new ToolArguments(call.arguments()));
    String argumentsSha256 = Sha256.hex(canonicalJson(tool, call.arguments()));
    try {
      Optional<ToolResult> recorded = recorded(key, tool, argumentsSha256);
      if (recorded.isPresent()) {
        return recorded.get();
      }
      if (permit == ToolPermits.Validity.EXPIRED) {
        // an expired permit reads back what it once allowed; it never acts anew
        throw ToolPermits.expired(tool, key);
      }
      try {
        ToolResult result =
            transactions.execute(
                status -> {
                  claim(key, tool, argumentsSha256);
                  ToolEffect effect = bound.run(jdbc);
                  Compensation compensation =
                      effect.undo() == null
                          ? null
                          : new Compensation(effect.undo(), key + "/compensate", key);
                  ToolResult executed =
                      new ToolResult(tool, key, effect.output(), false, compensation);
                  record(key, executed);
                  return executed;
                });
        log.info("tool executed tool={} key={} argsSha256={}", tool, key, argumentsSha256);
        return result;
      } catch (ApplicationFailure permanent) {
        log.info("tool refused tool={} key={} type={}", tool, key, permanent.getType());
        throw permanent;
      } catch (RuntimeException failure) {
        // rolled back; a worker racing on the same key wins the primary key: its committed result
        // is ours
        Optional<ToolResult> winner = recorded(key, tool, argumentsSha256);
        if (winner.isPresent()) {
          log.info("tool key won by a concurrent call tool={} key={}", tool, key);
          return winner.get();
        }
        throw failure;
      }
    } catch (DataAccessException | TransactionException e) {
      log.warn(
          "tool failed on the shop database, will retry tool={} key={} sqlState={}",
          tool,
          key,
          e.getMostSpecificCause() instanceof SQLException sql ? sql.getSQLState() : null);
      throw ApplicationFailure.newFailureWithCause(
          "shop database failed running tool `"
              + tool
              + "` under key `"
              + key
              + "`: "
              + e.getMostSpecificCause().getMessage(),
          "ShopDatabaseUnavailable",
          e);
    }
  }

  /** Reads and checks a call's arguments before any transaction opens. */
  private BoundTool bind(String tool, String key, ToolArguments args) {
    switch (tool) {
      case LOOKUP_ORDER -> {
        String orderId = args.text("orderId");
        return jdbc -> new ToolEffect(tools.lookupOrder(jdbc, orderId), null);
      }
      case ISSUE_REFUND -> {
        String orderId = args.text("orderId");
        long amountCents = args.wholeNumber("amountCents");
        return jdbc -> {
          Map<String, String> output = tools.issueRefund(jdbc, key, orderId, amountCents);
          String refundId = output.get("refundId");
          ToolCall undo =
              new ToolCall(
                  REVERSE_REFUND,
                  "Shop::Refund::\"" + refundId + "\"",
                  Map.of("refundId", refundId));
          return new ToolEffect(output, undo);
        };
      }
      case REVERSE_REFUND -> {
        String refundId = args.text("refundId");
        return jdbc -> new ToolEffect(tools.reverseRefund(jdbc, refundId), null);
      }
      case SEND_CUSTOMER_EMAIL -> {
        // whether the email carries customer data is the template's, read from the catalogue
        String customerId = args.text("customerId");
        String template = args.text("template");
        String orderId = args.optional("orderId", null);
        return jdbc ->
            new ToolEffect(tools.sendCustomerEmail(jdbc, key, customerId, template, orderId), null);
      }
      case EXPORT_CUSTOMER_DATA -> {
        String customerId = args.text("customerId");
        String destination = args.text("destination");
        return jdbc ->
            new ToolEffect(tools.exportCustomerData(jdbc, key, customerId, destination), null);
      }
      case ESCALATE_TO_HUMAN -> {
        String reason = args.text("reason");
        String queue = args.optional("queue", DEFAULT_ESCALATION_QUEUE);
        return jdbc -> new ToolEffect(tools.escalateToHuman(jdbc, key, queue, reason), null);
      }
      default ->
          throw new IllegalStateException("tool `" + tool + "` is allowed but has no binding");
    }
  }

  /** The recorded result of {@code key}, marked replayed, if it ran before with these arguments. */
  private Optional<ToolResult> recorded(String key, String tool, String argumentsSha256) {
    return jdbc.sql(
            "SELECT tool, arguments_sha256, result_json FROM tool_execution"
                + " WHERE idempotency_key = ?")
        .param(key)
        .query(
            (row, n) ->
                replayed(
                    key,
                    tool,
                    argumentsSha256,
                    row.getString("tool"),
                    row.getString("arguments_sha256"),
                    row.getString("result_json")))
        .optional();
  }

  private static ToolResult replayed(
      String key,
      String tool,
      String argumentsSha256,
      String recordedTool,
      String recordedSha,
      String resultJson) {
    if (!recordedTool.equals(tool) || !recordedSha.equals(argumentsSha256)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "idempotency key `"
              + key
              + "` already ran tool `"
              + recordedTool
              + "` with arguments sha256 "
              + recordedSha
              + "; refusing to reuse it for tool `"
              + tool
              + "` with arguments sha256 "
              + argumentsSha256,
          "IdempotencyKeyReused");
    }
    try {
      ToolResult first = JSON.readValue(resultJson, ToolResult.class);
      log.info("tool replayed tool={} key={}", tool, key);
      return new ToolResult(
          first.tool(), first.idempotencyKey(), first.output(), true, first.compensation());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "tool_execution row of key `" + key + "` holds unreadable result JSON", e);
    }
  }

  private void claim(String key, String tool, String argumentsSha256) {
    jdbc.sql(
            "INSERT INTO tool_execution (idempotency_key, tool, arguments_sha256, executed_at)"
                + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)")
        .params(key, tool, argumentsSha256)
        .update();
  }

  private void record(String key, ToolResult result) {
    jdbc.sql("UPDATE tool_execution SET result_json = ? WHERE idempotency_key = ?")
        .params(toJson(result), key)
        .update();
  }

  private static String canonicalJson(String tool, Map<String, String> arguments) {
    Map<String, Object> call = new TreeMap<>();
    call.put("tool", tool);
    call.put("arguments", new TreeMap<>(arguments));
    return toJson(call);
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** A tool call with its arguments read and checked, ready to run inside a transaction. */
  @FunctionalInterface
  private interface BoundTool {
    ToolEffect run(JdbcClient jdbc);
  }

  /**
   * What a tool did: its output, and the call that undoes it (null when nothing can or need be).
   */
  private record ToolEffect(Map<String, String> output, ToolCall undo) {}
}
