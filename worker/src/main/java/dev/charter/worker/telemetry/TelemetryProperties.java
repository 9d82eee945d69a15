package dev.charter.worker.telemetry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tracing settings under {@code charter.telemetry}. Metrics need no switch: they are served on
 * {@code /actuator/prometheus} (see {@code management.*} in application.yml).
 *
 * @param serviceName the OpenTelemetry {@code service.name} of this process
 * @param otlp where spans are exported; off by default
 */
@ConfigurationProperties("charter.telemetry")
public record TelemetryProperties(
    @DefaultValue("charter") String serviceName, @DefaultValue Otlp otlp) {

  /**
   * @param enabled export spans over OTLP (batching) when true
   * @param endpoint the collector's endpoint: {@code http://127.0.0.1:4317} for gRPC, {@code
   *     http://127.0.0.1:4318/v1/traces} for HTTP
   * @param protocol {@code grpc} or {@code http/protobuf}
   */
  public record Otlp(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("http://127.0.0.1:4317") String endpoint,
      @DefaultValue("grpc") String protocol) {}
}
