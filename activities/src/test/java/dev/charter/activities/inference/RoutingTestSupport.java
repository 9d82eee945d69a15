package dev.charter.activities.inference;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.privacy.SubjectDirectory;
import dev.charter.contract.BackendRef;
import dev.charter.contract.DataLabels;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.Observation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** Shared builders for the router tests: requests, chat backends on fixtures, an H2 ledger. */
final class RoutingTestSupport {

  static final List<String> TOOLS =
      List.of(
          "lookup_order",
          "issue_refund",
          "send_customer_email",
          "export_customer_data",
          "escalate_to_human");
  static final ChatSettings PRICED = new ChatSettings("gpt-test", 0.0, 7, null, 2.0, 8.0);

  private RoutingTestSupport() {}

  static BackendRef closed(String name) {
    return new BackendRef(name, "closed_api", "openai", "eu", true);
  }

  static BackendRef selfHosted(String name) {
    return new BackendRef(name, "self_hosted", "meta", "eu", false);
  }

  static ModelBackend openAi(BackendRef ref, ChatApiFixture fixture) {
    return ChatBackends.openAi(
        ref,
        fixture.baseUrl(),
        java.util.Optional.of("sk-test"),
        PRICED,
        Duration.ofSeconds(10),
        SubjectDirectory.NONE);
  }

  static InferenceRequest request(String taskId, String content, List<BackendRef> permitted) {
    return request(taskId, content, permitted, new DataLabels("INTERNAL", List.of(), "eu"));
  }

  static InferenceRequest request(
      String taskId, String content, List<BackendRef> permitted, DataLabels labels) {
    return new InferenceRequest(
        taskId,
        1,
        permitted,
        new Observation(1, "0".repeat(64), content, labels, false, List.of("customer_email")),
        Map.of("orderId", "1002", "customerId", "c-101"),
        List.of(),
        TOOLS);
  }

  static AuditLedger ledger() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:routing-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    AuditLedger.migrate(dataSource);
    return new AuditLedger(dataSource);
  }

  static CanaryRoutes canary(
      RouteJournal journal, Map<String, RouteSpec> routes, RollbackThresholds thresholds) {
    Map<String, Integer> percents = new java.util.HashMap<>();
    routes.forEach((name, spec) -> percents.put(name, spec.canaryPercent()));
    return new CanaryRoutes(
        routes, new RouteFlags("test-" + UUID.randomUUID(), percents), journal, thresholds);
  }

  static CanaryRoutes noCanary(RouteJournal journal) {
    return canary(journal, Map.of(), RollbackThresholds.ofDefaults());
  }
}
