package dev.charter.activities.inference;

import static dev.charter.activities.inference.RoutingTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.inference.ChatApiFixture.ToolUse;
import dev.charter.activities.privacy.SubjectDirectory;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Decision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat backends through langchain4j against the local wire-protocol fixture. */
class ChatBackendTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void should_offer_the_profile_tools_and_parse_an_openai_tool_call() throws Exception {
    BackendRef ref = RoutingTestSupport.closed("gpt");
    try (ChatApiFixture fixture =
        ChatApiFixture.start(
            "gpt-test-2026-01-01",
            new ToolUse("issue_refund", Map.of("orderId", "1002", "amountCents", "4599")))) {
      ModelBackend backend = RoutingTestSupport.openAi(ref, fixture);

      Decision decision = backend.decide(request("t-1", "Please refund order 1002.", List.of(ref)));

      assertThat(decision.toolCalls()).hasSize(1);
      assertThat(decision.toolCalls().get(0).tool()).isEqualTo("issue_refund");
      assertThat(decision.toolCalls().get(0).target()).isEqualTo("Shop::Order::\"1002\"");
      assertThat(decision.toolCalls().get(0).arguments())
          .containsEntry("amountCents", "4599")
          .containsEntry("orderId", "1002");
      assertThat(decision.provenance().hosting()).isEqualTo("closed_api");
      assertThat(decision.provenance().inputTokens()).isEqualTo(120);
      assertThat(decision.provenance().outputTokens()).isEqualTo(18);
      assertThat(decision.provenance().parameters())
          .containsEntry("seed", "7")
          .containsEntry("temperature", "0.0");

      JsonNode sent = JSON.readTree(fixture.bodies().get(0));
      assertThat(sent.get("model").asText()).isEqualTo("gpt-test");
      assertThat(sent.get("tools").findValuesAsText("name"))
          .containsExactlyElementsOf(RoutingTestSupport.TOOLS);
      assertThat(sent.toString()).contains("Please refund order 1002.");
    }
  }

  @Test
  void should_parse_an_anthropic_tool_use() {
    BackendRef ref = new BackendRef("claude", "closed_api", "anthropic", "eu", true);
    try (ChatApiFixture fixture =
        ChatApiFixture.start(
            "claude-test-20260101", new ToolUse("lookup_order", Map.of("orderId", "1004")))) {
      ModelBackend backend =
          ChatBackends.anthropic(
              ref,
              fixture.baseUrl(),
              Optional.of("sk-ant-test"),
              new ChatSettings("claude-test", 0.0, null, null, 3.0, 15.0),
              Duration.ofSeconds(10),
              SubjectDirectory.NONE);

      Decision decision = backend.decide(request("t-2", "Where is order 1004?", List.of(ref)));

      assertThat(decision.toolCalls().get(0).target()).isEqualTo("Shop::Order::\"1004\"");
      assertThat(decision.provenance().modelVersion()).isEqualTo("claude-test-20260101");
      assertThat(decision.provenance().costUsd()).isEqualTo((100 * 3.0 + 20 * 15.0) / 1_000_000);
      assertThat(fixture.bodies().get(0)).contains("\"tools\"").contains("lookup_order");
    }
  }

  @Test
  void should_read_the_api_key_from_the_environment_before_the_secret_file(@TempDir Path dir)
      throws Exception {
    Path secret = dir.resolve("openai.key");
    Files.writeString(secret, "sk-from-file\n");

    assertThat(
            ChatBackends.apiKey(
                Map.of("OPENAI_API_KEY", "sk-env"), "OPENAI_API_KEY", secret.toString()))
        .contains("sk-env");
    assertThat(ChatBackends.apiKey(Map.of(), "OPENAI_API_KEY", secret.toString()))
        .contains("sk-from-file");
    assertThat(ChatBackends.apiKey(Map.of(), "OPENAI_API_KEY", dir.resolve("none").toString()))
        .isEmpty();
  }

  @Test
  void should_refuse_a_price_table_with_negative_prices() {
    assertThatThrownBy(() -> new ChatSettings("gpt", 0.0, null, null, -1.0, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prices must be >= 0, got input -1.0");
  }
}
