package dev.charter.starter.cli;

import dev.charter.starter.security.DevTokens;
import dev.charter.worker.codec.PayloadKeySource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Everything in one process: embedded Temporal, worker, REST API. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Starts Temporal's test server on 127.0.0.1, a worker and the REST API in one process.",
      "The test server keeps its state in memory: tasks survive a worker crash, not the end of"
          + " this process. Use a Temporal cluster in production (charter worker)."
    })
final class DevCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--temporal-port",
      defaultValue = "7233",
      description = "gRPC port (default 7233)")
  int temporalPort;

  @Option(names = "--http-port", defaultValue = "8080", description = "REST port (default 8080)")
  int httpPort;

  @Option(
      names = "--data-dir",
      description = "where the H2 ledger and shop databases live (default ~/.charter/data)")
  Path dataDir;

  @Override
  public void run() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("charter.temporal.embedded", true);
    settings.put("charter.temporal.address", "127.0.0.1:" + temporalPort);
    settings.put("server.port", httpPort);
    if (dataDir != null) {
      settings.put("charter.data-dir", dataDir.toAbsolutePath().toString());
    }
    ConfigurableApplicationContext context = CharterRuntime.start(settings, true);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "charter dev: Temporal on 127.0.0.1:%d (namespace default, in memory), REST on"
            + " http://127.0.0.1:%d/api/tasks, dashboard on"
            + " http://127.0.0.1:%d/dashboard/index.html (sign in with a dev token below). Ctrl-C"
            + " stops.%n",
        temporalPort, httpPort, httpPort);
    PayloadKeySource keys = context.getBean(PayloadKeySource.class);
    if (keys.devKey()) {
      out.printf(
          "charter dev: payloads to Temporal are encrypted with the local dev key %s (made for this"
              + " data directory; not for production). Codec endpoint for the Web UI and"
              + " `temporal --codec-endpoint`: http://127.0.0.1:%d/codec%n",
          keys.origin(), httpPort);
    }
    printDevTokens(context, out, httpPort);
    out.flush();
    awaitShutdown(context);
  }

  /**
   * Prints the dev token of each demo human, once: they are stored hashed and cannot be shown again
   * (each start issues new ones and revokes the previous start's).
   */
  static void printDevTokens(
      ConfigurableApplicationContext context, PrintWriter out, int httpPort) {
    DevTokens tokens = context.getBeanProvider(DevTokens.class).getIfAvailable();
    if (tokens == null) {
      return;
    }
    out.printf(
        "charter dev: local dev tokens, one per demo human (bearer tokens for curl and the CLI's"
            + " --token / CHARTER_TOKEN; dev only, shown once):%n");
    tokens.all().forEach((human, token) -> out.printf("  %-14s %s%n", human, token));
    out.printf(
        "  e.g. export CHARTER_TOKEN=%s%n"
            + "       curl -s http://127.0.0.1:%d/api/tasks -H \"Authorization: Bearer"
            + " $CHARTER_TOKEN\"%n",
        tokens.all().getOrDefault("sam.agent", tokens.all().values().iterator().next()), httpPort);
  }

  static void awaitShutdown(ConfigurableApplicationContext context) {
    CountDownLatch closed = new CountDownLatch(1);
    context.addApplicationListener(
        (org.springframework.context.event.ContextClosedEvent event) -> closed.countDown());
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
