package dev.charter.worker.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class TelemetryConfigurationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(dev.charter.worker.InferenceProperties.class)
  @Import(TelemetryConfiguration.class)
  static class Wiring {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Wiring.class);

  @Test
  void should_send_spans_to_an_otlp_http_collector_when_enabled() throws IOException {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer collector =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + new String(body, java.nio.charset.StandardCharsets.ISO_8859_1));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    try {
      runner
          .withPropertyValues(
              "charter.telemetry.otlp.enabled=true",
              "charter.telemetry.otlp.protocol=http/protobuf",
              "charter.telemetry.otlp.endpoint=http://127.0.0.1:"
                  + collector.getAddress().getPort()
                  + "/v1/traces")
          .run(
              context -> {
                assertThat(context.getBean(SdkTracerProvider.class).toString())
                    .contains("OtlpHttpSpanExporter");
                context.getBean(Tracer.class).spanBuilder("charter.test").startSpan().end();
                assertThat(
                        context
                            .getBean(SdkTracerProvider.class)
                            .forceFlush()
                            .join(10, TimeUnit.SECONDS)
                            .isSuccess())
                    .isTrue();
              });
    } finally {
      collector.stop(0);
    }
    // The protobuf body carries the span name and the service name as plain strings.
    assertThat(received)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .startsWith("application/x-protobuf")
                    .contains("charter.test")
                    .contains("charter"));
  }

  @Test
  void should_export_nothing_over_otlp_by_default() {
    runner.run(
        context ->
            assertThat(context.getBean(SdkTracerProvider.class).toString()).doesNotContain("Otlp"));
  }

  @Test
  void should_refuse_an_unknown_otlp_protocol_naming_it() {
    assertThatThrownBy(
            () ->
                TelemetryConfiguration.otlp(
                    new TelemetryProperties.Otlp(true, "http://127.0.0.1:4317", "thrift")))
        .hasMessageContaining("`thrift`");
  }
}
