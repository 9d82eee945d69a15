package dev.charter.starter.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.charter.starter.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document as the running API serves it, checked against the committed {@code
 * docs/openapi.json} (written to {@code starter/target/openapi.json} by every build), and bad input
 * sent to every route of that document, each answered by an RFC 9457 problem detail.
 */
class OpenApiIT {

  static final Path COMMITTED = Path.of("../docs/openapi.json");
  static final Path GENERATED = Path.of("target/openapi.json");
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  @TempDir static Path data;
  static TestStack stack;
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    stack = TestStack.embedded(data, Map.of());
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  static HttpResponse<String> send(String method, String path, String body, String user)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      // A demo human's dev token; any other name stands for a token the API never issued.
      request.header(
          "Authorization",
          user.contains(".") ? stack.bearer(user) : "Bearer " + "ct_unknown-" + user);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode document() throws Exception {
    HttpResponse<String> response = send("GET", "/v3/api-docs", null, "sam.agent");
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Every (METHOD path) of the document. */
  static Set<String> operations(JsonNode doc) {
    Set<String> operations = new TreeSet<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(m -> operations.add(m.toUpperCase() + " " + path.getKey()));
    }
    return operations;
  }

  @Test
  void should_serve_the_committed_openapi_document_and_its_ui() throws Exception {
    JsonNode doc = document();
    Files.createDirectories(GENERATED.getParent());
    String pretty = JSON.writeValueAsString(JSON.treeToValue(doc, Object.class)) + "\n";
    Files.writeString(GENERATED, pretty);
    if (Boolean.getBoolean("charter.docs.regenerate")) {
      Files.writeString(COMMITTED, pretty);
    }
    assertThat(doc.path("info").path("title").asText()).isEqualTo("Charter REST API");
    assertThat(operations(doc))
        .contains(
            "GET /api/tasks",
            "POST /api/tasks",
            "GET /api/tasks/{taskId}",
            "POST /api/tasks/{taskId}/approve",
            "POST /api/tasks/{taskId}/reject",
            "POST /api/tasks/{taskId}/approval-token",
            "POST /api/tasks/{taskId}/cancel",
            "GET /api/tasks/{taskId}/audit");
    assertThat(
            doc.path("components").path("securitySchemes").path("caller").path("scheme").asText())
        .isEqualTo("bearer");
    assertThat(COMMITTED)
        .as("docs/openapi.json; regenerate with -Dcharter.docs.regenerate=true")
        .exists();
    assertThat(doc)
        .as("docs/openapi.json is stale; regenerate with -Dcharter.docs.regenerate=true")
        .isEqualTo(JSON.readTree(Files.readString(COMMITTED)));

    HttpResponse<String> ui = send("GET", "/swagger-ui/index.html", null, "sam.agent");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("Swagger UI");
  }

  /** A bad request to one route, the status it must get and the field its problem must name. */
  record BadInput(
      String operation,
      String method,
      String path,
      String body,
      String user,
      int status,
      String field) {}

  static final List<BadInput> CASES =
      List.of(
          new BadInput(
              "GET /api/tasks", "GET", "/api/tasks?state=DONE", null, "dana.lead", 400, "state"),
          new BadInput(
              "POST /api/tasks",
              "POST",
              "/api/tasks",
              "{\"taskId\":\"bad id!\",\"profile\":\"support-agent\",\"goal\":\"x\",\"inputs\":[]}",
              "sam.agent",
              400,
              "taskId"),
          new BadInput(
              "GET /api/tasks/{taskId}",
              "GET",
              "/api/tasks/no-such-task",
              null,
              "dana.lead",
              404,
              "taskId"),
          new BadInput(
              "POST /api/tasks/{taskId}/approve",
              "POST",
              "/api/tasks/t/approve",
              "{\"approvalId\": 5, \"approver\": [1]}",
              "dana.lead",
              400,
              "approver"),
          new BadInput(
              "POST /api/tasks/{taskId}/reject",
              "POST",
              "/api/tasks/t/reject",
              "{\"approvalId\":\"t/1/0\",",
              "dana.lead",
              400,
              "body"),
          new BadInput(
              "POST /api/tasks/{taskId}/approval-token",
              "POST",
              "/api/tasks/t/approval-token",
              "{\"approvalId\":\"t/1/0\",",
              "dana.lead",
              400,
              "body"),
          new BadInput(
              "POST /api/tasks/{taskId}/cancel",
              "POST",
              "/api/tasks/no-such-task/cancel",
              "{\"reason\":\"x\"}",
              "dana.lead",
              404,
              "taskId"),
          new BadInput(
              "GET /api/tasks/{taskId}/audit",
              "GET",
              "/api/tasks/no-such-task/audit",
              null,
              "dana.lead",
              404,
              "taskId"),
          new BadInput(
              "GET /api/tasks/{taskId}/approval",
              "GET",
              "/api/tasks/no-such-task/approval",
              null,
              "dana.lead",
              404,
              "taskId"),
          new BadInput(
              "GET /api/policy/bundles/{bundleId}/policies",
              "GET",
              "/api/policy/bundles/no-such-bundle/policies",
              null,
              "dana.lead",
              404,
              null),
          new BadInput(
              "POST /api/policy/bundles",
              "POST",
              "/api/policy/bundles",
              "{\"path\":\"/nonexistent/bundle\",\"mode\":\"active\"}",
              null,
              401,
              "Authorization"),
          new BadInput(
              "GET /api/policy/bundles",
              "GET",
              "/api/policy/bundles",
              null,
              "nobody",
              401,
              "Authorization"),
          new BadInput(
              "DELETE /api/policy/shadow",
              "DELETE",
              "/api/policy/shadow",
              null,
              null,
              401,
              "Authorization"),
          new BadInput(
              "GET /api/policy/drift",
              "GET",
              "/api/policy/drift",
              null,
              null,
              401,
              "Authorization"),
          new BadInput("GET /api/routes", "GET", "/api/routes?x=1", "{", "dana.lead", 405, null),
          new BadInput(
              "POST /api/routes/{route}/canary",
              "POST",
              "/api/routes/support-agent/canary",
              "{\"percent\": \"many\"",
              "pat.admin",
              400,
              "body"),
          new BadInput(
              "POST /api/routes/{route}/rollback",
              "POST",
              "/api/routes/support-agent/rollback",
              "[1,",
              "pat.admin",
              400,
              "body"),
          new BadInput(
              "POST /api/routes/backends/{backend}",
              "POST",
              "/api/routes/backends/nope",
              "{\"enabled\": false}",
              "pat.admin",
              400,
              null),
          new BadInput(
              "GET /api/routes/{route}/compare",
              "GET",
              "/api/routes/nope/compare",
              null,
              "dana.lead",
              400,
              null),
          new BadInput(
              "GET /api/audit/{taskId}",
              "GET",
              "/api/audit/no-such-task",
              null,
              "dana.lead",
              404,
              "taskId"),
          new BadInput(
              "GET /api/audit/{taskId}/verify",
              "GET",
              "/api/audit/t/verify?history=maybe",
              null,
              "dana.lead",
              400,
              "history"),
          new BadInput(
              "GET /api/audit/{taskId}/export",
              "GET",
              "/api/audit/no-such-task/export",
              null,
              "dana.lead",
              404,
              "taskId"),
          new BadInput(
              "GET /api/audit/{taskId}/receipts/{seq}",
              "GET",
              "/api/audit/t/receipts/first",
              null,
              "dana.lead",
              400,
              "seq"),
          new BadInput(
              "GET /api/audit/public-key",
              "GET",
              "/api/audit/public-key",
              null,
              "dana.lead",
              405,
              null));

  @Test
  void should_answer_bad_input_on_every_route_with_a_problem_detail_naming_the_field()
      throws Exception {
    Set<String> covered = new TreeSet<>();
    List<String> failures = new ArrayList<>();
    for (BadInput c : CASES) {
      covered.add(c.operation());
      // Routes that take no input at all get the method they do not allow.
      String method = c.status() == 405 ? "PUT" : c.method();
      HttpResponse<String> response = send(method, c.path(), c.body(), c.user());
      String where = c.operation() + " -> " + response.statusCode() + " " + response.body();
      if (response.statusCode() != c.status()) {
        failures.add("status: " + where);
        continue;
      }
      if (!response
          .headers()
          .firstValue("Content-Type")
          .orElse("")
          .startsWith("application/problem+json")) {
        failures.add(
            "content type " + response.headers().firstValue("Content-Type") + ": " + where);
        continue;
      }
      JsonNode problem = JSON.readTree(response.body());
      if (!problem.path("type").asText().startsWith(ApiErrors.TYPE_BASE)
          || problem.path("title").asText().isBlank()
          || problem.path("status").asInt() != c.status()
          || problem.path("detail").asText().isBlank()
          || problem.path("instance").asText().isBlank()) {
        failures.add("shape: " + where);
        continue;
      }
      if (c.field() != null) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        if (!fields.contains(c.field())) {
          failures.add("field " + c.field() + " not named: " + where);
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(covered)
        .as("every route of the OpenAPI document has a bad-input case")
        .containsAll(operations(document()));
  }
}
