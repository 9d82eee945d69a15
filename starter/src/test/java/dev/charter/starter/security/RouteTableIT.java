package dev.charter.starter.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.contract.AuditFact;
import dev.charter.starter.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Walks the running application's whole route table (every handler mapping: the API, the codec
 * server, the OpenAPI document, the actuator) and calls each route as refused callers: no token, an
 * expired JWT, a JWT for another audience, a token nobody issued (401), and a valid JWT of a human
 * Cedar refuses (403). Every refusal must be a problem detail and be in the ledger's access chain.
 * A route added without a Cedar action stops the application from starting, so it fails here too.
 */
class RouteTableIT {

  static final String AUDIENCE = "charter-api";

  @TempDir static Path data;
  static JwksServer issuer;
  static TestStack stack;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    issuer = JwksServer.start();
    stack =
        TestStack.embedded(
            data,
            Map.of(
                "charter.security.jwt.issuer-uri", issuer.issuer(),
                "charter.security.jwt.jwk-set-uri", issuer.jwkSetUri(),
                "charter.security.jwt.audience", AUDIENCE));
  }

  @AfterAll
  static void stop() {
    stack.close();
    issuer.close();
  }

  /** One call of the walk. */
  record Call(String method, String path) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /**
   * Every (method, concrete path) of every handler mapping of {@code running} but the public error
   * page.
   */
  static List<Call> routeTable(TestStack running) {
    Set<String> seen = new TreeSet<>();
    List<Call> calls = new ArrayList<>();
    for (RequestMappingInfoHandlerMapping mapping :
        running.context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
      for (Map.Entry<RequestMappingInfo, HandlerMethod> route :
          mapping.getHandlerMethods().entrySet()) {
        if (route.getValue().getBeanType().getName().equals(RouteActions.ERROR_CONTROLLER)) {
          continue;
        }
        Set<RequestMethod> methods = route.getKey().getMethodsCondition().getMethods();
        for (String pattern : route.getKey().getPatternValues()) {
          for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
            String path = concrete(pattern);
            if (seen.add(method + " " + path)) {
              calls.add(new Call(method.name(), path));
            }
          }
        }
      }
    }
    return calls;
  }

  static String concrete(String pattern) {
    return pattern
        .replace("{taskId}", "walk-task")
        .replace("{seq}", "1")
        .replace("{route}", "support-agent")
        .replace("{backend}", "in-process-intent")
        .replace("/**", "/x")
        .replaceAll("\\{\\*?[^}]+}", "x");
  }

  static HttpResponse<String> send(Call call, String authorization) throws Exception {
    return send(stack, call, authorization);
  }

  /** {@code call} on {@code running}'s REST port, with {@code authorization} unless null. */
  static HttpResponse<String> send(TestStack running, Call call, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.httpPort + call.path()))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                call.method(),
                "GET".equals(call.method()) || "DELETE".equals(call.method())
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void should_refuse_every_route_to_unauthenticated_and_unauthorized_callers_and_record_each()
      throws Exception {
    Instant inAnHour = Instant.now().plusSeconds(3600);
    String expired =
        "Bearer " + issuer.token("dana.lead", AUDIENCE, Instant.now().minusSeconds(600));
    String otherAudience = "Bearer " + issuer.token("dana.lead", "another-api", inAnHour);
    String refusedByCedar = "Bearer " + issuer.token("olga.other", AUDIENCE, inAnHour);
    Map<String, String> unauthenticated =
        Map.of(
            "expired JWT", expired,
            "wrong-audience JWT", otherAudience,
            "unknown API token", "Bearer ct_never-issued");

    List<Call> routes = routeTable(stack);
    assertThat(routes)
        .extracting(Call::toString)
        .contains(
            "GET /api/tasks",
            "POST /api/tasks/walk-task/cancel",
            "GET /api/audit/walk-task/export",
            "GET /api/audit/walk-task/receipts/1",
            "POST /api/policy/bundles",
            "POST /api/routes/backends/in-process-intent",
            "POST /codec/decode",
            "GET /v3/api-docs",
            "GET /actuator/prometheus",
            "GET /actuator/health");

    List<String> failures = new ArrayList<>();
    List<Expected> expected = new ArrayList<>();
    for (Call call : routes) {
      HttpResponse<String> anonymous = send(call, null);
      if (call.path().equals("/actuator/health")) {
        // The bare status answers probes without a token, and shows nothing more.
        check(failures, call, "no token", anonymous, 200);
        if (anonymous.body().contains("components")) {
          failures.add(call + " without a token shows health details: " + anonymous.body());
        }
      } else {
        check(failures, call, "no token", anonymous, 401);
        expected.add(new Expected(call, 401, null));
      }
      for (Map.Entry<String, String> bad : unauthenticated.entrySet()) {
        check(failures, call, bad.getKey(), send(call, bad.getValue()), 401);
        expected.add(new Expected(call, 401, null));
      }
      check(failures, call, "olga.other (Cedar refuses)", send(call, refusedByCedar), 403);
      expected.add(new Expected(call, 403, "olga.other"));
    }
    assertThat(failures).isEmpty();

    List<AuditFact.AccessRefused> recorded = stack.bean(AccessChain.class).refusals();
    List<String> missing = new ArrayList<>();
    for (Expected e : expected) {
      long wanted = expected.stream().filter(e::equals).count();
      long found =
          recorded.stream()
              .filter(
                  r ->
                      r.method().equals(e.call().method())
                          && r.route().equals(e.call().path())
                          && r.status() == e.status()
                          && (e.principal() == null || e.principal().equals(r.principal())))
              .count();
      if (found < wanted) {
        missing.add(e + " recorded " + found + " of " + wanted);
      }
    }
    assertThat(missing).as("refusals missing from the access chain").isEmpty();
    assertThat(recorded).allSatisfy(r -> assertThat(r.reason()).doesNotContain("ct_never"));
    assertThat(stack.bean(AuditLedger.class).verify(AccessChain.LEDGER_ID).valid()).isTrue();
    System.out.printf(
        "route walk: %d routes, %d refusals recorded in %s, e.g.%n  %s%n  %s%n",
        routes.size(),
        recorded.size(),
        AccessChain.LEDGER_ID,
        recorded.get(0),
        recorded.stream().filter(r -> r.status() == 403).findFirst().orElseThrow());
  }

  @Test
  void should_let_a_valid_jwt_and_a_dev_token_through_and_refuse_a_revoked_token()
      throws Exception {
    Call list = new Call("GET", "/api/tasks");
    String jwt = issuer.token("dana.lead", AUDIENCE, Instant.now().plusSeconds(600));

    assertThat(send(list, "Bearer " + jwt).statusCode()).isEqualTo(200);
    assertThat(send(list, stack.bearer("sam.agent")).statusCode()).isEqualTo(200);

    ApiTokens tokens = stack.bean(ApiTokens.class);
    String issued =
        tokens.issue("sam.agent", ApiTokens.Kind.HUMAN, "acme-shop", "test", Duration.ofHours(1));
    assertThat(send(list, "Bearer " + issued).statusCode()).isEqualTo(200);
    assertThat(tokens.revoke(ApiTokens.hash(issued))).isTrue();
    HttpResponse<String> revoked = send(list, "Bearer " + issued);
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.body()).contains("unknown, expired or revoked API token");
    assertThat(revoked.body()).doesNotContain(issued);

    String wrongTenant =
        tokens.issue("sam.agent", ApiTokens.Kind.HUMAN, "other-shop", "test", Duration.ofHours(1));
    assertThat(send(list, "Bearer " + wrongTenant).statusCode()).isEqualTo(401);
  }

  record Expected(Call call, int status, String principal) {}

  private static void check(
      List<String> failures, Call call, String who, HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      failures.add(
          call
              + " as "
              + who
              + ": "
              + response.statusCode()
              + " (want "
              + status
              + ") "
              + response.body());
      return;
    }
    if (status != 200
        && !response
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/problem+json")) {
      failures.add(call + " as " + who + ": not a problem detail: " + response.headers().map());
    }
  }
}
