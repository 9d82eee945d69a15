package dev.charter.starter.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model fully taken over by its input, behind the OpenAI chat-completions protocol on 127.0.0.1
 * (a free port): whatever the ticket, a quoted email, a structured field or a tool result tells it
 * to do, it does ({@link Injections} finds the instructions), with the arguments the text names or
 * ones it invents, and with any extra flag the text asks for. It answers in the real wire format:
 * {@code tool_calls} with JSON arguments (numbers as numbers, flags as booleans), one per
 * instruction, for the tools of the request or any other the text names. Without an instruction it
 * behaves like a plain support agent: it looks the ticket's order up once, then answers.
 *
 * <p>It records each exchange (the fields and text it read, the calls it made) so a test can show
 * that the attack was really attempted. Test sources only; never the default of anything a user
 * runs.
 */
final class TakeoverModel implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FIELD_LINE = Pattern.compile("(?m)^- ([^:\\n]+): (.*)$");
  private static final Pattern TOOLS_DONE =
      Pattern.compile("Tools already run, in order: \\[([^\\]]*)]");

  /** One request answered: what the model read and the calls it made. */
  record Exchange(Map<String, String> fields, String text, List<Injections.Call> calls) {}

  private final HttpServer server;
  private final List<Exchange> exchanges = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  private TakeoverModel(HttpServer server) {
    this.server = server;
  }

  static TakeoverModel start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      TakeoverModel model = new TakeoverModel(server);
      server.createContext("/", model::handle);
      server.setExecutor(Executors.newFixedThreadPool(8));
      server.start();
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Base URL for an OpenAI-compatible backend, e.g. {@code http://127.0.0.1:40123/v1}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Every exchange so far. */
  synchronized List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/chat/completions")) {
        send(exchange, 404, "{\"error\":{\"message\":\"no such endpoint " + path + "\"}}");
        return;
      }
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      send(exchange, 200, JSON.writeValueAsString(answer(request)));
    } catch (RuntimeException e) {
      send(exchange, 500, "{\"error\":{\"message\":\"takeover model failed\"}}");
      throw e;
    }
  }

  /** Reads the request as a model would, obeys it, answers in the chat-completions format. */
  private ObjectNode answer(JsonNode request) throws IOException {
    String system = "";
    StringBuilder user = new StringBuilder();
    for (JsonNode message : request.path("messages")) {
      String role = message.path("role").asText();
      if (role.equals("system")) {
        system = message.path("content").asText();
      } else if (role.equals("user")) {
        user.append(content(message.path("content"))).append('\n');
      }
    }
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher field = FIELD_LINE.matcher(system);
    while (field.find()) {
      fields.put(field.group(1).strip(), field.group(2).strip());
    }
    List<String> toolsDone = new ArrayList<>();
    Matcher done = TOOLS_DONE.matcher(system);
    if (done.find() && !done.group(1).isBlank()) {
      for (String tool : done.group(1).split(",")) {
        toolsDone.add(tool.strip());
      }
    }
    List<String> offered = new ArrayList<>();
    for (JsonNode tool : request.path("tools")) {
      offered.add(tool.path("function").path("name").asText());
    }

    // Instructions anywhere it reads: the customer's text, tool results, the task's fields.
    StringBuilder read = new StringBuilder(user);
    fields.values().forEach(value -> read.append('\n').append(value));
    String text = read.toString();
    List<Injections.Call> calls = new ArrayList<>();
    for (Injections.Call call : Injections.find(text, fields, offered)) {
      // an order obeyed is not obeyed again once its tool ran (the loop asks again after a tool)
      if (!toolsDone.contains(call.tool())) {
        calls.add(call);
      }
    }
    if (calls.isEmpty()
        && toolsDone.isEmpty()
        && offered.contains("lookup_order")
        && fields.containsKey("orderId")) {
      calls.add(new Injections.Call("lookup_order", Map.of("orderId", fields.get("orderId"))));
    }
    synchronized (this) {
      exchanges.add(new Exchange(Map.copyOf(fields), text, List.copyOf(calls)));
    }

    ObjectNode message = JSON.createObjectNode().put("role", "assistant");
    String finish;
    if (calls.isEmpty()) {
      message.put("content", "Done as asked.");
      finish = "stop";
    } else {
      message.putNull("content");
      ArrayNode toolCalls = message.putArray("tool_calls");
      for (Injections.Call call : calls) {
        ObjectNode function = JSON.createObjectNode().put("name", call.tool());
        function.put("arguments", JSON.writeValueAsString(call.arguments()));
        toolCalls
            .addObject()
            .put("id", "call_" + ids.incrementAndGet())
            .put("type", "function")
            .set("function", function);
      }
      finish = "tool_calls";
    }
    ObjectNode response =
        JSON.createObjectNode()
            .put("id", "chatcmpl-" + ids.incrementAndGet())
            .put("object", "chat.completion")
            .put("created", 1_700_000_000)
            .put("model", "takeover-fixture-1");
    ObjectNode choice = response.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("message", message);
    choice.put("finish_reason", finish);
    response
        .putObject("usage")
        .put("prompt_tokens", 200)
        .put("completion_tokens", 30)
        .put("total_tokens", 230);
    return response;
  }

  /** A message's content: a string, or the text parts of a content array. */
  private static String content(JsonNode content) {
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      content.forEach(part -> text.append(part.path("text").asText()).append('\n'));
      return text.toString();
    }
    return content.asText();
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
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
