package dev.charter.worker.telemetry;

import dev.charter.worker.InferenceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenTelemetry SDK of a Charter process and the Temporal interceptors that use it. Spans go to
 * OTLP when {@code charter.telemetry.otlp.enabled} is true, and to every {@link SpanExporter} bean
 * (synchronously: meant for tests and debugging). With neither, spans are created and dropped.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TelemetryProperties.class)
public class TelemetryConfiguration {

  static final String INSTRUMENTATION = "dev.charter";

  @Bean(destroyMethod = "close")
  SdkTracerProvider charterTracerProvider(
      TelemetryProperties properties, ObjectProvider<SpanExporter> exporters) {
    SdkTracerProviderBuilder builder =
        SdkTracerProvider.builder()
            .setIdGenerator(new SpanIds())
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                AttributeKey.stringKey("service.name"),
                                properties.serviceName()))));
    exporters.orderedStream().forEach(e -> builder.addSpanProcessor(SimpleSpanProcessor.create(e)));
    if (properties.otlp().enabled()) {
      builder.addSpanProcessor(BatchSpanProcessor.builder(otlp(properties.otlp())).build());
    }
    return builder.build();
  }

  static SpanExporter otlp(TelemetryProperties.Otlp otlp) {
    return switch (otlp.protocol()) {
      case "grpc" -> OtlpGrpcSpanExporter.builder().setEndpoint(otlp.endpoint()).build();
      case "http/protobuf" -> OtlpHttpSpanExporter.builder().setEndpoint(otlp.endpoint()).build();
      default ->
          throw new IllegalArgumentException(
              "charter.telemetry.otlp.protocol must be `grpc` or `http/protobuf`, got `"
                  + otlp.protocol()
                  + "`");
    };
  }

  @Bean
  OpenTelemetry charterOpenTelemetry(SdkTracerProvider charterTracerProvider) {
    // Not registered globally: tests start several processes' worth of contexts in one JVM.
    return OpenTelemetrySdk.builder().setTracerProvider(charterTracerProvider).build();
  }

  @Bean
  Tracer charterTracer(OpenTelemetry charterOpenTelemetry) {
    return charterOpenTelemetry.getTracer(INSTRUMENTATION);
  }

  @Bean
  GovernanceMetrics governanceMetrics(MeterRegistry registry, InferenceProperties properties) {
    return new GovernanceMetrics(registry, Clock.systemUTC(), properties.backends().keySet());
  }

  @Bean
  GovernedStepTelemetry governedStepTelemetry(Tracer charterTracer, GovernanceMetrics metrics) {
    return new GovernedStepTelemetry(charterTracer, metrics);
  }

  @Bean
  TracingClientInterceptor tracingClientInterceptor(Tracer charterTracer) {
    return new TracingClientInterceptor(charterTracer);
  }
}
