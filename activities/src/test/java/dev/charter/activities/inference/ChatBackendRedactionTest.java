package dev.charter.activities.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.inference.ChatApiFixture.ToolUse;
import dev.charter.activities.shop.ShopDatabase;
import dev.charter.activities.shop.ShopSubjects;
import dev.charter.contract.BackendRef;
import dev.charter.contract.DataLabels;
import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.Observation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a chat backend sends, read off the wire by the local OpenAI-protocol fixture: values planted
 * in the task's structured fields, and the customer's own record from the shop database, never
 * appear in a request body, in any spelling; the tokens the model copies back come out restored.
 */
class ChatBackendRedactionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CARD = "4111 1111 1111 1111";
  private static final String API_KEY = "sk-proj-Zq8RwL2mX5vN9pT4kB7cJ1hF6dG3sA0e";
  private static final String PHONE = "+351 912 345 678";

  /** Planted values and the forms a leak could take (digits only, lower case). */
  private static final List<String> PLANTED =
      List.of(
          "Ana Lima",
          "ana lima",
          "Lima",
          "ana@example.com",
          // the street goes; the town alone stays (shared by many: a town is no address)
          "Rua das Flores",
          "c-100",
          CARD,
          CARD.replace(" ", ""),
          API_KEY,
          PHONE,
          "912345678",
          "912 345 678");

  private ShopSubjects subjects;

  @BeforeEach
  void setUp() {
    JdbcDataSource shop = new JdbcDataSource();
    shop.setURL("jdbc:h2:mem:redaction-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    shop.setUser("sa");
    ShopDatabase.migrate(shop);
    subjects = new ShopSubjects(shop);
  }

  @Test
  void should_send_no_planted_value_of_the_fields_and_restore_the_tokens_the_model_copies()
      throws Exception {
    BackendRef ref = RoutingTestSupport.selfHosted("vllm");
    // the model copies the customer's token into its call, as a model that read the fields would
    try (ChatApiFixture fixture =
        ChatApiFixture.start(
            "llama-test",
            new ToolUse(
                "send_customer_email",
                Map.of("customerId", "<customer-id:1>", "template", "order_status")))) {
      ModelBackend backend = openAi(ref, fixture);

      Decision decision =
          backend.decide(
              request(
                  "Where is my order? <email:1> wrote this.",
                  Map.of(
                      "orderId",
                      "1001",
                      "customerId",
                      "c-100",
                      "contact",
                      "Ana Lima <ana@example.com>, " + PHONE,
                      "shipTo",
                      "rua das flores 12, porto",
                      "card",
                      CARD,
                      "note",
                      "use key " + API_KEY)));

      // the tool specifications quote the contract's own example id (c-100): read the messages
      String body = JSON.readTree(fixture.bodies().get(0)).get("messages").toString();
      for (String planted : PLANTED) {
        assertThat(body).as("request body holds `%s`", planted).doesNotContainIgnoringCase(planted);
      }
      // tokens stand in their place, numbered after the observation's own <email:1>
      assertThat(body)
          .contains("customerId: <customer-id:1>")
          .contains("shipTo: <address:1>, porto")
          .contains("<name:1> <<email:2>>, <phone:1>")
          .contains("card: <card:1>")
          .contains("note: use key <secret:1>")
          .contains("orderId: 1001");
      assertThat(decision.toolCalls().get(0).arguments()).containsEntry("customerId", "c-100");
      assertThat(decision.toolCalls().get(0).target()).isEqualTo("Shop::Customer::\"c-100\"");
    }
  }

  @Test
  void should_restore_the_subject_id_perception_redacted_in_the_text() {
    BackendRef ref = RoutingTestSupport.selfHosted("vllm");
    // the ticket named the customer only in its text: perception made it <customer-id:1>
    try (ChatApiFixture fixture =
        ChatApiFixture.start(
            "llama-test",
            new ToolUse(
                "export_customer_data",
                Map.of("customerId", "<customer-id:1>", "destination", "s3://x/y")))) {
      Decision decision =
          openAi(ref, fixture)
              .decide(request("Export the data of <customer-id:1>.", Map.of("orderId", "1001")));

      assertThat(decision.toolCalls().get(0).arguments()).containsEntry("customerId", "c-100");
    }
  }

  @Test
  void should_leave_a_token_the_fields_did_not_mint_as_it_is() {
    BackendRef ref = RoutingTestSupport.selfHosted("vllm");
    // <email:1> is perception's token for a value this backend never held: nothing to restore
    try (ChatApiFixture fixture =
        ChatApiFixture.start(
            "llama-test",
            new ToolUse(
                "send_customer_email",
                Map.of("customerId", "<email:1>", "template", "order_status")))) {
      Decision decision =
          openAi(ref, fixture)
              .decide(request("From <email:1>: status?", Map.of("customerId", "c-100")));

      assertThat(decision.toolCalls().get(0).arguments()).containsEntry("customerId", "<email:1>");
    }
  }

  private ModelBackend openAi(BackendRef ref, ChatApiFixture fixture) {
    return ChatBackends.openAi(
        ref,
        fixture.baseUrl(),
        Optional.empty(),
        RoutingTestSupport.PRICED,
        Duration.ofSeconds(10),
        subjects);
  }

  private static InferenceRequest request(String redacted, Map<String, String> fields) {
    return new InferenceRequest(
        "t-redact",
        1,
        List.of(RoutingTestSupport.selfHosted("vllm")),
        new Observation(
            1,
            "0".repeat(64),
            redacted,
            new DataLabels("CONFIDENTIAL", List.of("email"), "eu"),
            true,
            List.of("ticket:customer_email")),
        fields,
        List.of(),
        RoutingTestSupport.TOOLS);
  }
}
