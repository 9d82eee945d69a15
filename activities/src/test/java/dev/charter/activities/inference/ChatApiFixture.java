package dev.charter.activities.inference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local model API for tests: speaks the OpenAI chat-completions ({@code POST
 * .../chat/completions}) and Anthropic messages ({@code POST .../messages}) wire protocols on
 * 127.0.0.1 and a free port, answers from a script (tool call, text, 429 with Retry-After, 500,
 * slow, malformed JSON), and records every request body. Test sources only; never the default of
 * anything a user runs.
 */
public final class ChatApiFixture implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the fixture answers with. */
  public sealed interface Reply {}

  /** A tool call of {@code tool} with JSON object {@code arguments}. */
  public record ToolUse(String tool, Map<String, String> arguments) implements Reply {}

  /** A plain text answer, no tool call. */
  public record Text(String text) implements Reply {}

  /** An HTTP error status with a JSON error body; {@code retryAfterSeconds} adds Retry-After. */
  public record Status(int code, Integer retryAfterSeconds) implements Reply {}

  /** {@code then}, after {@code delayMillis}. */
  public record Slow(long delayMillis, Reply then) implements Reply {}

  /** HTTP 200 with a body that is not JSON. */
  public record Malformed() implements Reply {}

  private final HttpServer server;
  private final String model;
  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<String> bodies = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private Reply fallback;

  private ChatApiFixture(String model, Reply fallback) {
    this.model = model;
    this.fallback = fallback;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** A fixture reporting {@code model} as the model snapshot, answering {@code fallback}. */
  public static ChatApiFixture start(String model, Reply fallback) {
    return new ChatApiFixture(model, fallback);
  }

  /** Base URL for langchain4j, e.g. {@code http://127.0.0.1:40123/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Queues replies for the next requests; after them the fallback answers. */
  public synchronized ChatApiFixture then(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** Changes the reply given once the script is used up. */
  public synchronized void answerWith(Reply reply) {
    fallback = reply;
  }

  /** Every request body received, in order. */
  public synchronized List<String> bodies() {
    return List.copyOf(bodies);
  }

  private synchronized Reply next(String body) {
    bodies.add(body);
    return script.isEmpty() ? fallback : script.removeFirst();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      boolean anthropic = path.endsWith("/messages");
      if (!"POST".equals(exchange.getRequestMethod())
          || !(anthropic || path.endsWith("/chat/completions"))) {
        send(exchange, 404, "{\"error\":{\"message\":\"no such endpoint " + path + "\"}}");
        return;
      }
      Reply reply = next(body);
      while (reply instanceof Slow slow) {
        try {
          Thread.sleep(slow.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        reply = slow.then();
      }
      if (reply instanceof Status status) {
        if (status.retryAfterSeconds() != null) {
          exchange.getResponseHeaders().add("Retry-After", status.retryAfterSeconds().toString());
        }
        String type = status.code() == 429 ? "rate_limit_error" : "api_error";
        send(
            exchange,
            status.code(),
            anthropic
                ? "{\"type\":\"error\",\"error\":{\"type\":\""
                    + type
                    + "\",\"message\":\"fixture\"}}"
                : "{\"error\":{\"message\":\"fixture\",\"type\":\"" + type + "\"}}");
      } else if (reply instanceof Malformed) {
        send(exchange, 200, "{\"id\": \"broken\", \"choices\": [ {\"message\": ");
      } else {
        send(exchange, 200, anthropic ? anthropic(reply) : openAi(reply));
      }
    }
  }

  private String openAi(Reply reply) throws IOException {
    Map<String, Object> message;
    String finish;
    if (reply instanceof ToolUse use) {
      message =
          Map.of(
              "role",
              "assistant",
              "tool_calls",
              List.of(
                  Map.of(
                      "id",
                      "call_" + ids.incrementAndGet(),
                      "type",
                      "function",
                      "function",
                      Map.of(
                          "name",
                          use.tool(),
                          "arguments",
                          JSON.writeValueAsString(use.arguments())))));
      finish = "tool_calls";
    } else {
      message = Map.of("role", "assistant", "content", ((Text) reply).text());
      finish = "stop";
    }
    return JSON.writeValueAsString(
        Map.of(
            "id",
            "chatcmpl-" + ids.incrementAndGet(),
            "object",
            "chat.completion",
            "created",
            1_700_000_000,
            "model",
            model,
            "choices",
            List.of(Map.of("index", 0, "message", message, "finish_reason", finish)),
            "usage",
            Map.of("prompt_tokens", 120, "completion_tokens", 18, "total_tokens", 138)));
  }

  private String anthropic(Reply reply) throws IOException {
    Map<String, Object> content;
    String stop;
    if (reply instanceof ToolUse use) {
      content =
          Map.of(
              "type",
              "tool_use",
              "id",
              "toolu_" + ids.incrementAndGet(),
              "name",
              use.tool(),
              "input",
              use.arguments());
      stop = "tool_use";
    } else {
      content = Map.of("type", "text", "text", ((Text) reply).text());
      stop = "end_turn";
    }
    return JSON.writeValueAsString(
        Map.of(
            "id",
            "msg_" + ids.incrementAndGet(),
            "type",
            "message",
            "role",
            "assistant",
            "model",
            model,
            "content",
            List.of(content),
            "stop_reason",
            stop,
            "usage",
            Map.of("input_tokens", 100, "output_tokens", 20)));
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
