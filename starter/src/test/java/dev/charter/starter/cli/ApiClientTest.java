package dev.charter.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CLI's one HTTP client and its printing through picocli's writers: every {@code --api} command
 * goes through {@link ApiClient}, and what a command prints, on success or failure, lands in the
 * writers a caller hands {@link CharterCli#execute(java.io.PrintWriter, java.io.PrintWriter,
 * String...)}.
 */
class ApiClientTest {

  private HttpServer api;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void serve() throws IOException {
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext(
        "/",
        exchange -> {
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " auth="
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " type="
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + " body="
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body =
              exchange.getRequestURI().getPath().startsWith("/api/routes")
                  ? "{\"routes\":[]}".getBytes(StandardCharsets.UTF_8)
                  : "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"not allowed\"}"
                      .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(
              exchange.getRequestURI().getPath().startsWith("/api/routes") ? 200 : 403,
              body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    api.start();
  }

  @AfterEach
  void stop() {
    api.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + api.getAddress().getPort();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void should_send_the_bearer_token_and_json_body_to_the_api() {
    new ApiClient(base() + "/", "ct_dana").post("/api/policy/bundles", "{\"mode\":\"shadow\"}");

    assertThat(seen)
        .containsExactly(
            "POST /api/policy/bundles auth=Bearer ct_dana type=application/json"
                + " body={\"mode\":\"shadow\"}");
  }

  @Test
  void should_refuse_an_api_that_is_not_an_http_url_quoting_it() {
    assertThatThrownBy(() -> new ApiClient("127.0.0.1:8080", "ct_x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--api `127.0.0.1:8080`");
  }

  @Test
  void should_name_the_api_when_nothing_listens_there() throws IOException {
    String dead = "http://127.0.0.1:" + closedPort();
    assertThatThrownBy(() -> new ApiClient(dead, "ct_x").get("/api/routes"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot reach the Charter API at " + dead);
  }

  @Test
  void should_print_a_route_answer_through_the_commands_writer() {
    PolicyCommandTest.Run run =
        PolicyCommandTest.run("route", "status", "--api", base(), "--token", "ct_dana");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("\"routes\" : [ ]");
    assertThat(seen).singleElement().asString().startsWith("GET /api/routes auth=Bearer ct_dana");
  }

  @Test
  void should_print_a_refusal_of_the_api_on_the_commands_error_writer() {
    PolicyCommandTest.Run run =
        PolicyCommandTest.run("policy", "drift", "--api", base(), "--token", "ct_sam");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("HTTP 403: not allowed");
    assertThat(seen).singleElement().asString().contains("auth=Bearer ct_sam");
  }

  @Test
  void should_report_an_unreachable_api_on_the_error_writer_for_every_remote_command()
      throws IOException {
    String dead = "http://127.0.0.1:" + closedPort();

    PolicyCommandTest.Run route =
        PolicyCommandTest.run("route", "status", "--api", dead, "--token", "ct_x");
    PolicyCommandTest.Run audit =
        PolicyCommandTest.run("audit", "show", "--api", dead, "--token", "ct_x", "t-1");
    PolicyCommandTest.Run drift =
        PolicyCommandTest.run("policy", "drift", "--api", dead, "--token", "ct_x");

    for (PolicyCommandTest.Run run : List.of(route, audit, drift)) {
      assertThat(run.code()).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).contains("cannot reach the Charter API at " + dead);
    }
  }

  @Test
  void should_refuse_a_remote_command_without_a_token_before_calling() {
    PolicyCommandTest.Run run = PolicyCommandTest.run("route", "status", "--api", base());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--token (or CHARTER_TOKEN) is required");
    assertThat(seen).isEmpty();
  }

  @Test
  void should_print_usage_of_a_command_group_through_the_writer() {
    PolicyCommandTest.Run run = PolicyCommandTest.run("audit");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("Usage: charter audit");
  }
}
