package dev.charter.worker.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.inference.CanaryRoutes;
import dev.charter.activities.inference.ChatBackends;
import dev.charter.activities.inference.ChatSettings;
import dev.charter.activities.inference.ResilienceSettings;
import dev.charter.activities.inference.RollbackThresholds;
import dev.charter.activities.inference.RouteFlags;
import dev.charter.activities.inference.RouteJournal;
import dev.charter.activities.inference.RoutingInferenceActivities;
import dev.charter.activities.privacy.SubjectDirectory;
import dev.charter.contract.BackendRef;
import dev.charter.contract.DataLabels;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.Observation;
import dev.charter.worker.telemetry.BackendMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The router's breaker state, calls and refusals as Micrometer series and as health, with a real
 * router, real resilience4j guards and real HTTP calls to a port nothing listens on.
 */
class RouterBackendProbeTest {

  private static final BackendRef DEAD =
      new BackendRef("llama-dead", "self_hosted", "meta", "eu", false);
  private static final BackendRef NO_KEY =
      new BackendRef("gpt-nokey", "closed_api", "openai", "eu", true);
  private static final ChatSettings SETTINGS = new ChatSettings("llama", 0.0, 7, null, 0.0, 0.0);

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static RouteJournal journal() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:probe-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    AuditLedger.migrate(dataSource);
    return new RouteJournal(new AuditLedger(dataSource));
  }

  private static InferenceRequest request(int step) {
    DataLabels labels = new DataLabels("INTERNAL", List.of(), "eu");
    return new InferenceRequest(
        "probe-task",
        step,
        List.of(DEAD, NO_KEY),
        new Observation(1, "0".repeat(64), "Where is order 1002?", labels, false, List.of()),
        Map.of("orderId", "1002"),
        List.of(),
        List.of("lookup_order"));
  }

  @Test
  void should_show_each_backend_breaker_calls_and_refusals_in_metrics_and_health()
      throws Exception {
    RouteJournal journal = journal();
    CanaryRoutes canary =
        new CanaryRoutes(
            Map.of(),
            new RouteFlags("probe-" + UUID.randomUUID(), Map.of()),
            journal,
            RollbackThresholds.ofDefaults());
    ResilienceSettings resilience =
        new ResilienceSettings(Duration.ofSeconds(5), 4, 4, 50, Duration.ofMinutes(10), 1, 3);
    try (RoutingInferenceActivities router =
        new RoutingInferenceActivities(
            List.of(
                ChatBackends.openAi(
                    DEAD,
                    "http://127.0.0.1:" + closedPort() + "/v1",
                    Optional.of("sk-test"),
                    SETTINGS,
                    Duration.ofSeconds(5),
                    SubjectDirectory.NONE),
                ChatBackends.openAi(
                    NO_KEY,
                    "http://127.0.0.1:1/v1",
                    Optional.empty(),
                    SETTINGS,
                    Duration.ofSeconds(5),
                    SubjectDirectory.NONE)),
            resilience,
            canary,
            journal)) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      BackendMetrics.bind(registry, router);
      RouterBackendProbe dead = new RouterBackendProbe("llama-dead", router, null);
      RouterBackendProbe noKey = new RouterBackendProbe("gpt-nokey", router, null);

      assertThat(gauge(registry, BackendMetrics.BREAKER_STATE, "llama-dead")).isZero();
      assertThat(dead.health().getStatus()).isEqualTo(Status.UP);

      // Four failed calls open the breaker (window 4, 50 %); the fifth is not permitted.
      for (int step = 1; step <= 5; step++) {
        int s = step;
        assertThatThrownBy(() -> router.decide(request(s))).isInstanceOf(ApplicationFailure.class);
      }

      assertThat(gauge(registry, BackendMetrics.BREAKER_STATE, "llama-dead")).isEqualTo(1.0);
      assertThat(counter(registry, BackendMetrics.CALLS, "llama-dead")).isEqualTo(4.0);
      assertThat(counter(registry, BackendMetrics.FAILURES, "llama-dead")).isEqualTo(4.0);
      assertThat(counter(registry, BackendMetrics.NOT_PERMITTED, "llama-dead")).isEqualTo(1.0);
      assertThat(counter(registry, BackendMetrics.BULKHEAD_REJECTED, "llama-dead")).isZero();
      assertThat(gauge(registry, BackendMetrics.BULKHEAD_AVAILABLE, "llama-dead")).isEqualTo(3.0);
      assertThat(gauge(registry, BackendMetrics.ENABLED, "llama-dead")).isEqualTo(1.0);
      // The disabled backend is skipped before any call: no breaker traffic, shown as disabled.
      assertThat(gauge(registry, BackendMetrics.BREAKER_STATE, "gpt-nokey")).isZero();
      assertThat(counter(registry, BackendMetrics.CALLS, "gpt-nokey")).isZero();
      assertThat(gauge(registry, BackendMetrics.ENABLED, "gpt-nokey")).isZero();

      Health deadHealth = dead.health();
      assertThat(deadHealth.getStatus()).isEqualTo(RouterBackendProbe.DEGRADED);
      assertThat(deadHealth.getDetails())
          .containsEntry("breaker", "OPEN")
          .containsEntry("hosting", "self_hosted")
          .containsEntry("failures", 4L)
          .containsEntry("notPermittedCalls", 1L)
          .containsEntry("failureRatePercent", 100.0f);
      Health noKeyHealth = noKey.health();
      assertThat(noKeyHealth.getStatus()).isEqualTo(Status.UNKNOWN);
      assertThat(noKeyHealth.getDetails())
          .containsEntry("disabled", "no API key")
          .containsEntry("breaker", "CLOSED")
          .containsEntry("hosting", "closed_api");

      canary.setEnabled("llama-dead", false, "test");
      assertThat(gauge(registry, BackendMetrics.ENABLED, "llama-dead")).isZero();
      assertThat(dead.health().getDetails()).containsEntry("disabled", "kill switch off");
    }
  }

  private static double gauge(SimpleMeterRegistry registry, String name, String backend) {
    return registry.get(name).tag("backend", backend).gauge().value();
  }

  private static double counter(SimpleMeterRegistry registry, String name, String backend) {
    return registry.get(name).tag("backend", backend).functionCounter().count();
  }
}
