package dev.charter.starter.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A worker (and REST API) against an existing Temporal service. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a worker and the REST API against an existing Temporal service.",
      "Run several for more capacity; options override charter.temporal.* from configuration or"
          + " environment."
    })
final class WorkerCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(names = "--temporal-address", description = "host:port of the Temporal frontend")
  String temporalAddress;

  @Option(names = "--namespace", description = "Temporal namespace")
  String namespace;

  @Option(names = "--task-queue", description = "task queue to poll")
  String taskQueue;

  @Option(names = "--http-port", description = "REST port (default 8080)")
  Integer httpPort;

  @Option(names = "--no-api", description = "do not serve the REST API")
  boolean noApi;

  @Option(names = "--data-dir", description = "where the H2 databases live")
  Path dataDir;

  @Option(
      names = "--payload-key-file",
      description =
          "secret file of payload encryption keys (id=base64 lines, last encrypts); default:"
              + " $CHARTER_PAYLOAD_KEYS or charter.codec.key-file")
  Path payloadKeyFile;

  @Override
  public void run() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("charter.temporal.embedded", false);
    if (temporalAddress != null) {
      settings.put("charter.temporal.address", temporalAddress);
    }
    if (namespace != null) {
      settings.put("charter.temporal.namespace", namespace);
    }
    if (taskQueue != null) {
      settings.put("charter.temporal.task-queue", taskQueue);
    }
    if (httpPort != null) {
      settings.put("server.port", httpPort);
    }
    if (dataDir != null) {
      settings.put("charter.data-dir", dataDir.toAbsolutePath().toString());
    }
    if (payloadKeyFile != null) {
      settings.put("charter.codec.key-file", payloadKeyFile.toAbsolutePath().toString());
    }
    ConfigurableApplicationContext context = CharterRuntime.start(settings, !noApi);
    spec.commandLine().getOut().println("charter worker: polling; Ctrl-C stops.");
    DevCommand.awaitShutdown(context);
  }
}
