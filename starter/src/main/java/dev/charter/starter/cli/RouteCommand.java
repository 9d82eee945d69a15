package dev.charter.starter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Model routes through the REST API of a running Charter ({@code charter dev} or an API process).
 */
@Command(
    name = "route",
    mixinStandardHelpOptions = true,
    description = {
      "Model routes: `charter route status | set-canary <route> <percent> | rollback <route>"
          + " | compare <route>`.",
      "Every change is audited in the `_routes` ledger chain with its --reason."
    })
final class RouteCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "status, set-canary, rollback or compare")
  String action;

  @Parameters(index = "1", arity = "0..1", description = "the route (agent profile name)")
  String route;

  @Parameters(index = "2", arity = "0..1", description = "set-canary: share of new tasks, 0..100")
  Integer percent;

  @Option(
      names = "--api",
      defaultValue = "http://127.0.0.1:8080",
      description = "base URL of the Charter REST API (default ${DEFAULT-VALUE})")
  String api;

  @Option(
      names = "--token",
      defaultValue = "${env:CHARTER_TOKEN}",
      description =
          "bearer token for the API: an API token (`charter dev` prints one per demo human) or a"
              + " JWT of your identity provider (default: $CHARTER_TOKEN)")
  String token;

  @Option(names = "--reason", description = "why, recorded in the ledger")
  String reason;

  @Override
  public Integer call() throws Exception {
    ApiClient client = new ApiClient(api, token);
    HttpResponse<String> response =
        switch (action) {
          case "status" -> client.get("/api/routes");
          case "set-canary" -> {
            requireRoute();
            if (percent == null) {
              throw new IllegalArgumentException(
                  "set-canary needs a percent: charter route set-canary " + route + " 20");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("percent", percent);
            body.put("reason", reason);
            yield client.post(
                "/api/routes/" + ApiClient.encode(route) + "/canary",
                JSON.writeValueAsString(body));
          }
          case "rollback" -> {
            requireRoute();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reason", reason);
            yield client.post(
                "/api/routes/" + ApiClient.encode(route) + "/rollback",
                JSON.writeValueAsString(body));
          }
          case "compare" -> {
            requireRoute();
            yield client.get("/api/routes/" + ApiClient.encode(route) + "/compare");
          }
          default ->
              throw new IllegalArgumentException(
                  "unknown action `" + action + "`; known: status, set-canary, rollback, compare");
        };
    JsonNode body = JSON.readTree(response.body());
    if (response.statusCode() >= 400) {
      spec.commandLine()
          .getErr()
          .println("error " + response.statusCode() + ": " + body.path("detail").asText());
      return response.statusCode() == 400 ? 2 : 1;
    }
    spec.commandLine()
        .getOut()
        .println(
            "compare".equals(action)
                ? comparisonTable(body)
                : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
    return 0;
  }

  /** The compare report as a table: one line per arm and risk tier. */
  static String comparisonTable(JsonNode report) {
    StringBuilder out = new StringBuilder("route " + report.path("route").asText() + "\n");
    if (report.path("tiers").isEmpty()) {
      return out.append("no shadowed steps recorded yet\n").toString();
    }
    for (JsonNode tier : report.path("tiers")) {
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "risk tier %s: %d steps, agreement %.1f%%%n",
              tier.path("riskTier").asText(),
              tier.path("samples").asInt(),
              tier.path("agreement").asDouble() * 100));
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "  %-8s %-24s %6s %6s %10s %10s %12s%n",
              "arm",
              "backend",
              "calls",
              "errors",
              "p50 ms",
              "p95 ms",
              "cost/call $"));
      for (JsonNode arm : tier.path("arms")) {
        out.append(
            String.format(
                java.util.Locale.ROOT,
                "  %-8s %-24s %6d %6d %10.2f %10.2f %12.6f%n",
                arm.path("role").asText(),
                arm.path("backend").asText(),
                arm.path("calls").asInt(),
                arm.path("errors").asInt(),
                arm.path("p50Micros").asLong() / 1000.0,
                arm.path("p95Micros").asLong() / 1000.0,
                arm.path("costUsdPerCall").asDouble()));
      }
    }
    return out.toString();
  }

  private void requireRoute() {
    if (route == null || route.isBlank()) {
      throw new IllegalArgumentException("`" + action + "` needs a route, e.g. support-agent");
    }
  }
}
