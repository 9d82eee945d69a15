package dev.charter.starter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code charter policy load} and {@code charter policy drift}: the running worker's bundle
 * registry over its REST API ({@code /api/policy}), as the principal of {@code --token} (sent as
 * {@code Authorization: Bearer}; Cedar decides what they may do).
 */
final class PolicyRemoteCommands {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyRemoteCommands() {}

  /** Options every remote command shares. */
  static final class Remote {
    @Option(
        names = "--api",
        defaultValue = "http://127.0.0.1:8080",
        description = "the Charter REST API (default: ${DEFAULT-VALUE})")
    String api;

    @Option(
        names = "--token",
        defaultValue = "${env:CHARTER_TOKEN}",
        description =
            "bearer token for the API: an API token (`charter dev` prints one per demo human) or a"
                + " JWT of your identity provider (default: $CHARTER_TOKEN)")
    String token;

    HttpResponse<String> send(String method, String path, String body) {
      return new ApiClient(api, token).send(method, path, body);
    }
  }

  /**
   * Prints an error answer (an RFC 9457 problem detail): its detail, then each bad field; returns
   * exit code 1.
   */
  static int failed(HttpResponse<String> response, PrintWriter err) {
    try {
      JsonNode body = JSON.readTree(response.body());
      err.println(
          "HTTP " + response.statusCode() + ": " + body.path("detail").asText(response.body()));
      body.path("errors")
          .forEach(
              e -> err.println("  " + e.path("field").asText() + ": " + e.path("detail").asText()));
    } catch (IOException e) {
      err.println("HTTP " + response.statusCode() + ": " + response.body());
    }
    return 1;
  }

  /** {@code charter policy load <dir> --api ... [--shadow]}. */
  @Command(
      name = "load",
      mixinStandardHelpOptions = true,
      description = {
        "Loads a bundle into a running worker: active (new tasks pin it; running tasks are held",
        "to the stricter of their pinned and the active bundle) or, with --shadow, as a candidate",
        "deciding beside the active one. Exit 0 when switched, 1 when refused (invalid bundle,",
        "not allowed), 2 on bad input."
      })
  static final class Load implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin Remote remote = new Remote();

    @Parameters(index = "0", description = "bundle directory, as the worker sees it")
    Path bundle;

    @Option(names = "--shadow", description = "run it in shadow instead of making it active")
    boolean shadow;

    @Override
    public Integer call() throws IOException {
      if (!Files.isDirectory(bundle)) {
        throw new IllegalArgumentException("bundle directory `" + bundle + "` does not exist");
      }
      String body =
          JSON.writeValueAsString(
              Map.of(
                  "path",
                  bundle.toAbsolutePath().normalize().toString(),
                  "mode",
                  shadow ? "shadow" : "active"));
      HttpResponse<String> response = remote.send("POST", "/api/policy/bundles", body);
      if (response.statusCode() != 201) {
        return failed(response, spec.commandLine().getErr());
      }
      JsonNode answer = JSON.readTree(response.body());
      spec.commandLine()
          .getOut()
          .println(
              answer.path("mode").asText()
                  + ": bundle `"
                  + answer.path("name").asText()
                  + "` "
                  + answer.path("bundleId").asText()
                  + (answer.path("previousBundleId").isTextual()
                      ? " (was " + answer.path("previousBundleId").asText() + ")"
                      : ""));
      return 0;
    }
  }

  /** {@code charter policy drift --api ...}. */
  @Command(
      name = "drift",
      mixinStandardHelpOptions = true,
      description = {
        "The policy drift report: every decision where the shadow candidate disagreed with the",
        "active bundle. Exit 0, or 1 when the API refuses."
      })
  static final class Drift implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin Remote remote = new Remote();

    @Option(names = "--bundle", description = "only this candidate's disagreements (its id)")
    String bundle;

    @Override
    public Integer call() throws IOException {
      HttpResponse<String> response =
          remote.send(
              "GET", "/api/policy/drift" + (bundle == null ? "" : "?bundle=" + bundle), null);
      if (response.statusCode() != 200) {
        return failed(response, spec.commandLine().getErr());
      }
      PrintWriter out = spec.commandLine().getOut();
      JsonNode report = JSON.readTree(response.body());
      for (JsonNode d : report.path("disagreements")) {
        out.println(
            d.path("taskId").asText()
                + " step "
                + d.path("step").asText()
                + "  "
                + d.path("tool").asText()
                + " "
                + d.path("target").asText()
                + "  active "
                + d.path("activeOutcome").asText()
                + "  shadow "
                + d.path("shadowOutcome").asText()
                + " "
                + d.path("shadowDeterminingPolicies"));
      }
      out.println(
          report.path("count").asInt()
              + " disagreements; active "
              + report.path("active").asText()
              + ", shadow "
              + (report.path("shadow").isTextual() ? report.path("shadow").asText() : "none"));
      return 0;
    }
  }
}
