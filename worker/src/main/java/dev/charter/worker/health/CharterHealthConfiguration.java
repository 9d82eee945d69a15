package dev.charter.worker.health;

import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.inference.InProcessInferenceActivities;
import dev.charter.activities.inference.RoutingInferenceActivities;
import dev.charter.worker.InProcessModels;
import dev.charter.worker.InferenceProperties;
import dev.charter.worker.TemporalProperties;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /actuator/health}: {@code temporal} (the frontend's gRPC health), {@code ledgerDb}, {@code
 * shopDb}, and {@code modelBackends.<name>} for each configured backend.
 */
@Configuration(proxyBeanMethods = false)
public class CharterHealthConfiguration {

  @Bean
  HealthIndicator temporalHealthIndicator(
      WorkflowServiceStubs workflowServiceStubs, TemporalProperties temporal) {
    String address = temporal.address();
    return () -> {
      try {
        HealthCheckResponse response =
            HealthGrpc.newBlockingStub(workflowServiceStubs.getRawChannel())
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .check(
                    HealthCheckRequest.newBuilder()
                        .setService(WorkflowServiceStubs.HEALTH_CHECK_SERVICE_NAME)
                        .build());
        Health.Builder health =
            response.getStatus() == HealthCheckResponse.ServingStatus.SERVING
                ? Health.up()
                : Health.down();
        return health
            .withDetail("address", address)
            .withDetail("namespace", temporal.namespace())
            .withDetail("status", response.getStatus().name())
            .build();
      } catch (RuntimeException e) {
        return Health.down()
            .withDetail("address", address)
            .withDetail("error", e.getClass().getSimpleName())
            .build();
      }
    };
  }

  @Bean
  HealthIndicator ledgerDbHealthIndicator(HikariDataSource ledgerDataSource) {
    return () -> database(ledgerDataSource);
  }

  @Bean
  HealthIndicator shopDbHealthIndicator(HikariDataSource shopDataSource) {
    return () -> database(shopDataSource);
  }

  /**
   * One probe per configured backend: a {@link ModelBackendProbe} bean registered for it, else a
   * {@link RouterBackendProbe} reading the router's breaker, bulkhead and kill switch (and for an
   * in-process backend its model).
   */
  @Bean
  HealthContributor modelBackendsHealthContributor(
      InferenceProperties properties,
      InProcessModels inProcessModels,
      RoutingInferenceActivities inferenceRouter,
      List<ModelBackendProbe> probes) {
    Map<String, HealthIndicator> backends = new LinkedHashMap<>();
    properties
        .backends()
        .forEach(
            (name, backend) -> {
              ModelBackendProbe probe =
                  probes.stream().filter(p -> p.backend().equals(name)).findFirst().orElse(null);
              if (probe == null) {
                probe =
                    new RouterBackendProbe(
                        name,
                        inferenceRouter,
                        InProcessInferenceActivities.IN_PROCESS.equals(backend.hosting())
                            ? () -> inProcessModels.forVersion(backend.model()).card()
                            : null);
              }
              backends.put(name, probe::health);
            });
    return CompositeHealthContributor.fromMap(backends);
  }

  private static Health database(HikariDataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      boolean valid = connection.isValid(2);
      return (valid ? Health.up() : Health.down())
          .withDetail("database", connection.getMetaData().getDatabaseProductName())
          .withDetail("pool", dataSource.getPoolName())
          .build();
    } catch (SQLException e) {
      // The SQL state, not the message: messages may carry the URL with credentials.
      return Health.down()
          .withDetail("pool", dataSource.getPoolName())
          .withDetail("sqlState", String.valueOf(e.getSQLState()))
          .build();
    }
  }
}
