package dev.charter.activities.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.privacy.KnownSubject;
import dev.charter.activities.privacy.PiiScanner;
import dev.charter.activities.privacy.PiiTokens;
import dev.charter.activities.privacy.SubjectDirectory;
import dev.charter.activities.tools.ToolContract;
import dev.charter.activities.tools.ToolContracts;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.ModelProvenance;
import dev.charter.contract.ToolCall;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A backend reached through a chat API (OpenAI-compatible servers, OpenAI, Anthropic) via
 * langchain4j. The profile's tools are offered as tool specifications; the model's tool calls
 * become {@link ToolCall}s whose arguments Cedar still checks before anything runs.
 *
 * <p>The model reads redacted text only: the observation perception redacted, and the task's
 * structured fields redacted here with the same scanner and the task's customer from the system of
 * record ({@link SubjectDirectory}), each value replaced by a typed token numbered after the
 * observation's (the subject's ids keep their place in the subject, as in perception). The tokens
 * the model copies into a tool call's arguments are restored to the values they stand for before
 * the call leaves this backend, so the tool gets the real customer id while the model never saw it.
 *
 * <p>Chat models report no calibrated confidence, so decisions carry confidence 0 and the intent
 * {@code chat}.
 */
final class ChatBackend implements ModelBackend {

  static final String CHAT_INTENT = "chat";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSTRUCTIONS =
      "You are a customer-support agent. Decide the next step of the ticket: call exactly one of"
          + " the offered tools with arguments taken from the task fields, or, when the tools"
          + " already run complete the request, reply with a short final answer and no tool call.";

  private static final PiiScanner SCANNER = PiiScanner.standard();

  private final BackendRef ref;
  private final ChatModel model;
  private final ChatSettings settings;
  private final SubjectDirectory subjects;

  ChatBackend(BackendRef ref, ChatModel model, ChatSettings settings, SubjectDirectory subjects) {
    this.ref = ref;
    this.model = model;
    this.settings = settings;
    this.subjects = subjects;
  }

  @Override
  public BackendRef ref() {
    return ref;
  }

  @Override
  public Decision decide(InferenceRequest request) {
    String content = request.observation() == null ? "" : request.observation().redactedContent();
    KnownSubject subject = subjects.subjectOf(List.of(request.fields()));
    PiiTokens tokens = PiiTokens.after(content, subject);
    StringBuilder context = new StringBuilder(INSTRUCTIONS);
    context.append("\nTask fields:");
    new TreeMap<>(request.fields())
        .forEach(
            (k, v) ->
                context
                    .append("\n- ")
                    .append(k)
                    .append(": ")
                    .append(tokens.redact(v, SCANNER.scan(v, subject))));
    context.append("\nTools already run, in order: ").append(request.toolsDone());

    ChatRequest chat =
        ChatRequest.builder()
            .messages(SystemMessage.from(context.toString()), UserMessage.from(content))
            .toolSpecifications(specifications(request.tools()))
            .build();
    long started = System.nanoTime();
    ChatResponse response = model.chat(chat);
    long latencyMicros = (System.nanoTime() - started) / 1_000;

    AiMessage message = response.aiMessage();
    List<ToolCall> calls = new ArrayList<>();
    for (ToolExecutionRequest call : message.toolExecutionRequests()) {
      Map<String, String> arguments = new TreeMap<>();
      arguments(call).forEach((k, v) -> arguments.put(k, tokens.restore(v)));
      calls.add(ToolPlan.fromModel(call.name(), arguments));
    }
    TokenUsage usage = response.tokenUsage();
    int in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
    int out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("temperature", Double.toString(settings.temperature()));
    if (settings.seed() != null) {
      parameters.put("seed", settings.seed().toString());
    }
    String snapshot = response.modelName() == null ? settings.modelId() : response.modelName();
    ModelProvenance provenance =
        new ModelProvenance(
            ref.name(),
            ref.hosting(),
            ref.vendor(),
            settings.modelId(),
            snapshot,
            settings.weightsSha256(),
            parameters,
            latencyMicros,
            in,
            out,
            settings.cost(in, out),
            List.of());
    String answer = calls.isEmpty() ? textOrEmpty(message) : null;
    return new Decision(
        calls,
        answer,
        CHAT_INTENT,
        0.0,
        calls.isEmpty()
            ? "The model answered without a tool call."
            : "The model proposed " + calls.stream().map(ToolCall::tool).toList() + ".",
        provenance);
  }

  private static String textOrEmpty(AiMessage message) {
    return message.text() == null ? "" : message.text();
  }

  /**
   * The tools as chat tool specifications, each from its JSON Schema contract: types, enums,
   * required arguments, no others; rules langchain4j cannot carry (patterns, ranges) are spelled
   * out in the argument's description, and the tool's contract enforces them either way.
   */
  static List<ToolSpecification> specifications(List<String> tools) {
    List<ToolSpecification> specs = new ArrayList<>();
    for (String tool : tools) {
      Optional<ToolContract> found = ToolContracts.standard().find(tool);
      if (found.isEmpty()) {
        continue;
      }
      ToolContract contract = found.get();
      JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
      for (String name : contract.arguments()) {
        JsonNode argument = contract.argument(name);
        String description = describe(argument);
        if (argument.has("enum")) {
          List<String> values = new ArrayList<>();
          argument.get("enum").forEach(value -> values.add(value.asText()));
          parameters.addEnumProperty(name, values, description);
        } else if (argument.path("type").asText().equals("integer")) {
          parameters.addIntegerProperty(name, description);
        } else if (argument.path("type").asText().equals("boolean")) {
          parameters.addBooleanProperty(name, description);
        } else {
          parameters.addStringProperty(name, description);
        }
      }
      specs.add(
          ToolSpecification.builder()
              .name(tool)
              .description(contract.description())
              .parameters(
                  parameters.required(contract.required()).additionalProperties(false).build())
              .build());
    }
    return specs;
  }

  private static String describe(JsonNode argument) {
    StringBuilder text = new StringBuilder(argument.path("description").asText(""));
    for (String rule : List.of("pattern", "minimum", "maximum", "minLength", "maxLength")) {
      if (argument.has(rule)) {
        text.append("; ").append(rule).append(' ').append(argument.get(rule).asText());
      }
    }
    return text.toString();
  }

  /** The call's JSON arguments as strings; a non-object is a malformed response. */
  private Map<String, String> arguments(ToolExecutionRequest call) {
    JsonNode node;
    try {
      node = JSON.readTree(call.arguments() == null ? "{}" : call.arguments());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "backend `" + ref.name() + "`: tool call `" + call.name() + "` has malformed arguments",
          e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalStateException(
          "backend `"
              + ref.name()
              + "`: tool call `"
              + call.name()
              + "` arguments must be a JSON object");
    }
    Map<String, String> args = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      args.put(
          field.getKey(),
          field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString());
    }
    return args;
  }
}
