package dev.charter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.inference.BackendStatus;
import dev.charter.activities.inference.RoutingInferenceActivities;
import dev.charter.activities.setup.ProfileCatalog;
import dev.charter.worker.telemetry.TelemetryConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The inference concern: the shipped open-weight model behind the router, a remote backend beside
 * it, and every check of backends, routing and routes, each quoting the bad value.
 */
class InferenceConfigurationTest {

  private static final String[] PROFILE = {
    "charter.backends.in-process-intent.hosting=in_process",
    "charter.backends.in-process-intent.vendor=charter",
    "charter.backends.in-process-intent.region=eu",
    "charter.profiles.support-agent.version=1",
    "charter.profiles.support-agent.tenant=acme-shop",
    "charter.profiles.support-agent.risk-tier=MEDIUM",
    "charter.profiles.support-agent.residency=eu",
    "charter.profiles.support-agent.tools=lookup_order",
    "charter.profiles.support-agent.route=in-process-intent",
    "charter.profiles.support-agent.budgets.max-steps=8"
  };

  @Configuration(proxyBeanMethods = false)
  @Import({InferenceConfiguration.class, TelemetryConfiguration.class})
  static class Wiring {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    AuditLedger auditLedger() {
      JdbcDataSource dataSource = new JdbcDataSource();
      dataSource.setURL("jdbc:h2:mem:inference-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      dataSource.setUser("sa");
      AuditLedger.migrate(dataSource);
      return new AuditLedger(dataSource);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(InferenceProperties.class)
  static class BindOnly {}

  /** Binding and validation only: no model is loaded. */
  private final ApplicationContextRunner binding =
      new ApplicationContextRunner().withUserConfiguration(BindOnly.class);

  @Test
  void should_route_to_the_shipped_model_and_a_configured_remote_backend() {
    new ApplicationContextRunner()
        .withUserConfiguration(Wiring.class)
        .withPropertyValues(PROFILE)
        .withPropertyValues(
            "charter.backends.vllm.hosting=self_hosted",
            "charter.backends.vllm.vendor=meta",
            "charter.backends.vllm.region=eu",
            "charter.backends.vllm.base-url=http://127.0.0.1:1/v1",
            "charter.backends.vllm.model=llama",
            "charter.routes.support-agent.canary=vllm",
            "charter.routes.support-agent.canary-percent=10")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ProfileCatalog.class).profileNames())
                  .containsExactly("support-agent");
              assertThat(context.getBean(RoutingInferenceActivities.class).backendStatus())
                  .extracting(BackendStatus::backend, BackendStatus::hosting)
                  .containsExactlyInAnyOrder(
                      org.assertj.core.groups.Tuple.tuple("in-process-intent", "in_process"),
                      org.assertj.core.groups.Tuple.tuple("vllm", "self_hosted"));
            });
  }

  @Test
  void should_refuse_an_unknown_hosting_quoting_it() {
    binding
        .withPropertyValues("charter.backends.gpu.hosting=on_gpu")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("backends[gpu].hosting")
                    .contains("must be in_process, self_hosted or closed_api, got `on_gpu`"));
  }

  @Test
  void should_refuse_an_unknown_protocol_quoting_it() {
    binding
        .withPropertyValues(
            "charter.backends.x.hosting=self_hosted", "charter.backends.x.protocol=grpc")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("backends[x].protocol")
                    .contains("must be openai or anthropic, got `grpc`"));
  }

  @Test
  void should_refuse_weights_that_are_not_a_sha256_quoting_them() {
    binding
        .withPropertyValues(
            "charter.backends.x.hosting=self_hosted", "charter.backends.x.weights-sha256=abc")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("backends[x].weightsSha256")
                    .contains("must be 64 lower-case hex digits, got `abc`"));
  }

  @Test
  void should_refuse_a_canary_share_above_100_quoting_it() {
    binding
        .withPropertyValues("charter.routes.support-agent.canary-percent=150")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("routes[support-agent].canaryPercent")
                    .contains("must be 0..100, got `150`"));
  }

  @Test
  void should_refuse_a_rollback_rate_above_1_quoting_it() {
    binding
        .withPropertyValues("charter.routing.rollback-max-error-rate=2")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("routing.rollbackMaxErrorRate")
                    .contains("must be between 0 and 1, got `2.0`"));
  }

  @Test
  void should_refuse_a_zero_breaker_window_quoting_it() {
    binding
        .withPropertyValues("charter.routing.breaker-window=0")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("routing.breakerWindow")
                    .contains("must be at least 1, got `0`"));
  }

  @Test
  void should_refuse_a_step_latency_budget_that_is_not_positive_quoting_it() {
    binding
        .withPropertyValues("charter.routing.step-latency-budget=-1s")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("routing.stepLatencyBudget")
                    .contains("must be positive, got `PT-1S`"));
  }

  @Test
  void should_refuse_a_remote_backend_without_base_url_naming_it() {
    new ApplicationContextRunner()
        .withUserConfiguration(Wiring.class)
        .withPropertyValues(PROFILE)
        .withPropertyValues("charter.backends.gpt.hosting=closed_api")
        .run(
            context ->
                BindFailure.of(context)
                    .contains(
                        "charter.backends.gpt: a closed_api backend needs base-url and model, got"
                            + " base-url `null` model `null`"));
  }

  @Test
  void should_refuse_a_route_naming_an_unknown_backend_quoting_it() {
    new ApplicationContextRunner()
        .withUserConfiguration(Wiring.class)
        .withPropertyValues(PROFILE)
        .withPropertyValues("charter.routes.support-agent.shadow=gpt-unknown")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("charter.routes.support-agent names unknown backend `gpt-unknown`"));
  }

  @Test
  void should_refuse_a_route_for_no_profile_quoting_it() {
    new ApplicationContextRunner()
        .withUserConfiguration(Wiring.class)
        .withPropertyValues(PROFILE)
        .withPropertyValues("charter.routes.billing-agent.canary-percent=5")
        .run(
            context ->
                BindFailure.of(context)
                    .contains(
                        "charter.routes.billing-agent: no agent profile `billing-agent` has this"
                            + " route"));
  }
}
