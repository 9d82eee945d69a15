package dev.charter.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.codec.PayloadKeys;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.demo.DemoTicket;
import dev.charter.worker.EmbeddedTemporalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production path: a Temporal service in another process, reached only through the worker's
 * external-address configuration.
 */
class ExternalTemporalIT {

  @TempDir Path data;

  @Test
  void should_run_a_task_on_a_temporal_service_in_another_process() throws Exception {
    int port = TestStack.freePort();
    Process server =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    EmbeddedTemporalServer.class.getName(),
                    "127.0.0.1",
                    String.valueOf(port)))
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("temporal-server.log").toFile())
            .start();
    try {
      TestStack.await(() -> portOpen(port), open -> open, java.time.Duration.ofSeconds(60));
      // A worker against a cluster gets no dev key: its payload keys come from a secret file.
      Path keyFile =
          Files.writeString(data.resolve("payload-keys"), PayloadKeys.generateEntry("k1"));
      try (TestStack stack =
          TestStack.external(
              data, "127.0.0.1:" + port, Map.of("charter.codec.key-file", keyFile.toString()))) {
        DemoTicket ticket = DemoTicket.all().get(0);
        String taskId = stack.tasks().start(ticket.request("external")).taskId();
        TaskStatus done = stack.tasks().result(taskId);
        assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(done.path()).extracting(r -> r.tool()).contains("lookup_order");
        assertThat(stack.tasks().ledger().verify(taskId).valid()).isTrue();
      }
    } finally {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static boolean portOpen(int port) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      return socket.isConnected();
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
