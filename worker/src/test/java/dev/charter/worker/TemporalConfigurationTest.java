package dev.charter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.codec.PayloadKeys;
import dev.charter.worker.telemetry.TelemetryConfiguration;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The Temporal concern on its own: the embedded server on a real port, stubs, client, checks. */
class TemporalConfigurationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(InferenceProperties.class)
  @Import({TemporalConfiguration.class, TelemetryConfiguration.class})
  static class Wiring {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  /** Payload keys from a secret file, as a production worker gets them. */
  private static String keyFile() {
    try {
      Path file = Files.createTempFile("payload-keys", "");
      Files.writeString(file, PayloadKeys.generateEntry("k1"));
      file.toFile().deleteOnExit();
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(Wiring.class)
          .withPropertyValues("charter.codec.key-file=" + keyFile());

  private final ApplicationContextRunner binding =
      new ApplicationContextRunner()
          .withUserConfiguration(BindOnly.class)
          .withPropertyValues("charter.temporal.embedded=false");

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(TemporalProperties.class)
  static class BindOnly {}

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void should_serve_the_embedded_test_server_on_the_configured_loopback_port() throws Exception {
    int port = freePort();
    runner
        .withPropertyValues(
            "charter.temporal.embedded=true",
            "charter.temporal.address=127.0.0.1:" + port,
            "charter.temporal.namespace=default")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(WorkflowClient.class).getOptions().getNamespace())
                  .isEqualTo("default");
              // Payloads leave this client encrypted.
              assertThat(context.getBean(WorkflowClient.class).getOptions().getDataConverter())
                  .isInstanceOf(CodecDataConverter.class);
              // A client of its own, as the Temporal CLI would be, reaches the port.
              WorkflowServiceStubs outside =
                  WorkflowServiceStubs.newServiceStubs(
                      WorkflowServiceStubsOptions.newBuilder()
                          .setTarget("127.0.0.1:" + port)
                          .build());
              try {
                assertThat(
                        HealthGrpc.newBlockingStub(outside.getRawChannel())
                            .check(
                                HealthCheckRequest.newBuilder()
                                    .setService(WorkflowServiceStubs.HEALTH_CHECK_SERVICE_NAME)
                                    .build())
                            .getStatus())
                    .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
              } finally {
                outside.shutdownNow();
              }
            });
  }

  @Test
  void should_use_a_users_workflow_client_instead_of_its_own() {
    WorkflowClient own =
        WorkflowClient.newInstance(
            WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1").build()));
    runner
        .withPropertyValues("charter.temporal.embedded=false")
        .withBean("ownClient", WorkflowClient.class, () -> own)
        .run(context -> assertThat(context.getBean(WorkflowClient.class)).isSameAs(own));
  }

  @Test
  void should_refuse_an_address_without_a_port_quoting_it() {
    binding
        .withPropertyValues("charter.temporal.address=localhost")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("charter.temporal")
                    .contains("'address'")
                    .contains("must be host:port with a port in 1..65535, got `localhost`"));
  }

  @Test
  void should_refuse_a_port_out_of_range_quoting_it() {
    binding
        .withPropertyValues("charter.temporal.address=127.0.0.1:70000")
        .run(context -> BindFailure.of(context).contains("got `127.0.0.1:70000`"));
  }

  @Test
  void should_refuse_a_blank_task_queue() {
    binding
        .withPropertyValues("charter.temporal.task-queue=")
        .run(
            context ->
                BindFailure.of(context).contains("'taskQueue'").contains("must name a task queue"));
  }

  @Test
  void should_parse_host_and_port_including_bracketed_ipv6() {
    TemporalProperties v4 = new TemporalProperties("127.0.0.1:7233", "default", "q", true, true);
    TemporalProperties v6 = new TemporalProperties("[::1]:7234", "default", "q", true, true);
    assertThat(v4.host()).isEqualTo("127.0.0.1");
    assertThat(v4.port()).isEqualTo(7233);
    assertThat(v6.host()).isEqualTo("::1");
    assertThat(v6.port()).isEqualTo(7234);
  }
}
