package dev.charter.activities.inference;

import dev.charter.activities.privacy.SubjectDirectory;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds chat backends. API keys come from the environment or a secret file only; a closed API
 * without a key is a disabled backend that says which variable or file to set.
 */
public final class ChatBackends {

  /** Self-hosted OpenAI-compatible servers usually take no key; the client needs some string. */
  static final String NO_KEY = "none";

  private ChatBackends() {}

  /**
   * A backend speaking the OpenAI chat-completions protocol: OpenAI itself ({@code closed_api}) or
   * any OpenAI-compatible server such as vLLM, Ollama or llama.cpp ({@code self_hosted}).
   *
   * @param baseUrl e.g. {@code https://api.openai.com/v1} or {@code http://127.0.0.1:8000/v1}
   * @param apiKey the key; required for {@code closed_api}
   * @param timeout the HTTP timeout (the router's time limiter bounds the call too)
   * @param subjects where the task's customer is looked up, whose values the model never reads
   */
  public static ModelBackend openAi(
      BackendRef ref,
      String baseUrl,
      Optional<String> apiKey,
      ChatSettings settings,
      Duration timeout,
      SubjectDirectory subjects) {
    if (apiKey.isEmpty() && "closed_api".equals(ref.hosting())) {
      return disabled(ref, "no API key");
    }
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey(apiKey.orElse(NO_KEY))
            .modelName(settings.modelId())
            .temperature(settings.temperature())
            .seed(settings.seed())
            .timeout(timeout)
            .maxRetries(0)
            .build();
    return new ChatBackend(ref, model, settings, subjects);
  }

  /**
   * A backend speaking the Anthropic messages protocol.
   *
   * @param baseUrl e.g. {@code https://api.anthropic.com/v1}
   * @param subjects where the task's customer is looked up, whose values the model never reads
   */
  public static ModelBackend anthropic(
      BackendRef ref,
      String baseUrl,
      Optional<String> apiKey,
      ChatSettings settings,
      Duration timeout,
      SubjectDirectory subjects) {
    if (apiKey.isEmpty()) {
      return disabled(ref, "no API key");
    }
    AnthropicChatModel model =
        AnthropicChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey(apiKey.get())
            .modelName(settings.modelId())
            .temperature(settings.temperature())
            .maxTokens(1024)
            .timeout(timeout)
            .maxRetries(0)
            .build();
    return new ChatBackend(ref, model, settings, subjects);
  }

  /**
   * The API key from environment variable {@code envVar}, else from {@code secretFile} (trimmed);
   * empty when neither is set.
   *
   * @throws IllegalArgumentException if the secret file is named but unreadable
   */
  public static Optional<String> apiKey(Map<String, String> env, String envVar, String secretFile) {
    if (envVar != null && !envVar.isBlank()) {
      String value = env.get(envVar);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.strip());
      }
    }
    if (secretFile != null && !secretFile.isBlank()) {
      Path path = Path.of(secretFile);
      if (Files.exists(path)) {
        try {
          String value = Files.readString(path, StandardCharsets.UTF_8).strip();
          return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "API key secret file `" + secretFile + "` cannot be read: " + e.getMessage(), e);
        }
      }
    }
    return Optional.empty();
  }

  /** A backend that refuses every call, saying why; the router moves on to the next one. */
  static ModelBackend disabled(BackendRef ref, String why) {
    String message =
        "backend `"
            + ref.name()
            + "` ("
            + ref.hosting()
            + ", "
            + ref.vendor()
            + ") is disabled: "
            + why
            + "; set its api-key-env variable or api-key-file secret to enable it";
    return new ModelBackend() {
      @Override
      public BackendRef ref() {
        return ref;
      }

      @Override
      public Decision decide(InferenceRequest request) {
        throw new BackendUnavailableException(message);
      }

      @Override
      public Optional<String> disabledReason() {
        return Optional.of(why);
      }
    };
  }
}
