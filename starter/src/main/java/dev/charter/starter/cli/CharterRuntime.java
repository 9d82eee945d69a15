package dev.charter.starter.cli;

import dev.charter.starter.CharterApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Charter process (Spring context) with the settings a command chose. */
final class CharterRuntime {

  private CharterRuntime() {}

  /**
   * Starts the context.
   *
   * @param settings property overrides ({@code charter.temporal.embedded} and the like)
   * @param web whether to serve the REST API
   */
  static ConfigurableApplicationContext start(Map<String, Object> settings, boolean web) {
    // As command-line arguments: they outrank application.yml and the environment, as a user's
    // command-line options should.
    String[] args =
        settings.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(CharterApplication.class)
        .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
        .logStartupInfo(false)
        .run(args);
  }

  /** A free port on the loopback interface, for servers a command starts. */
  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
