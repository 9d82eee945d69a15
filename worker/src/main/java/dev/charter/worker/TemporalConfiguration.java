package dev.charter.worker;

import com.uber.m3.tally.RootScopeBuilder;
import dev.charter.worker.codec.PayloadCodecConfiguration;
import dev.charter.worker.telemetry.TracingClientInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The Temporal side of a worker ({@code charter.temporal.*}): in dev mode Temporal's test server on
 * a real loopback port, the service stubs (SDK metrics into the Micrometer registry) and the
 * workflow client (tracing interceptor); the task-queue worker is in {@link
 * CharterWorkerConfiguration}, where the activities are. Stubs and client yield to a bean of the
 * same type a user defines (mTLS, API keys, a custom data converter).
 *
 * <p>Temporal's own Spring Boot starter is not used: its test server is in-process only (the
 * Temporal CLI could not reach {@code charter dev}), and it starts workers on {@code
 * ApplicationReadyEvent}, after command-line runners; docs/architecture.md has the comparison.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TemporalProperties.class)
@Import(PayloadCodecConfiguration.class)
public class TemporalConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedTemporal embeddedTemporal(TemporalProperties temporal) {
    return new EmbeddedTemporal(
        temporal.embedded()
            ? EmbeddedTemporalServer.start(temporal.host(), temporal.port())
            : null);
  }

  @Bean(destroyMethod = "shutdown")
  @ConditionalOnMissingBean
  WorkflowServiceStubs workflowServiceStubs(
      TemporalProperties temporal, EmbeddedTemporal embeddedTemporal, MeterRegistry registry) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.address())
                // Temporal SDK metrics (temporal_*) into the same registry as /actuator/prometheus.
                .setMetricsScope(
                    new RootScopeBuilder()
                        .reporter(new MicrometerClientStatsReporter(registry))
                        .reportEvery(com.uber.m3.util.Duration.ofSeconds(1)))
                .build());
    if (embeddedTemporal.server() != null) {
      // Part of the embedded server's start-up, before any worker of this process (or a test's)
      // polls; workers against a cluster check them in TaskWorker.start.
      SearchAttributeRegistration.ensure(stubs, temporal.namespace());
    }
    return stubs;
  }

  @Bean
  @ConditionalOnMissingBean
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs,
      TemporalProperties temporal,
      TracingClientInterceptor tracingClientInterceptor,
      DataConverter charterDataConverter) {
    // The worker polls through this client, so it shares the encrypting converter: the Temporal
    // service sees ciphertext only, from the API and the worker alike.
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(temporal.namespace())
            .setDataConverter(charterDataConverter)
            .setInterceptors(tracingClientInterceptor)
            .build());
  }

  /** The embedded server when dev mode asked for one; closes it with the context. */
  record EmbeddedTemporal(EmbeddedTemporalServer server) implements AutoCloseable {
    @Override
    public void close() {
      if (server != null) {
        server.close();
      }
    }
  }
}
