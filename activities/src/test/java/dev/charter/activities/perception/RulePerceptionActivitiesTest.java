package dev.charter.activities.perception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.contract.Observation;
import dev.charter.contract.PerceptionRequest;
import dev.charter.contract.TaskInput;
import dev.charter.contract.ToolResult;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulePerceptionActivitiesTest {

  private static final String VISA = "4111 1111 1111 1111";
  private static final String MASTERCARD = "5555-5555-5555-4444";
  private static final String IBAN_DE = "DE89 3704 0044 0532 0130 00";
  private static final String IBAN_GB = "GB82WEST12345698765432";

  private final RulePerceptionActivities perception = new RulePerceptionActivities();

  @Test
  void should_redact_emails_when_the_content_holds_them() {
    Observation observation =
        perceiveOperator("Reply to Ana.Lima+shop@example.com, cc ben@mail.example.org.");

    assertThat(observation.redactedContent()).isEqualTo("Reply to <email:1>, cc <email:2>.");
    assertThat(observation.labels().piiKinds()).containsExactly("email");
  }

  @Test
  void should_redact_phone_numbers_when_written_in_international_or_national_format() {
    Observation observation =
        perceiveOperator(
            // numbers that exist (libphonenumber's VALID): the fictional 555-01xx range is no PII
            "Call +49 30 1234567 or 0049 30 1234567, else (212) 736-5000, 212.736.5000"
                + " or 030 12345678.");

    assertThat(observation.redactedContent())
        .isEqualTo("Call <phone:1> or <phone:1>, else <phone:2>, <phone:2> or <phone:3>.");
    assertThat(observation.labels().piiKinds()).containsExactly("phone");
  }

  @Test
  void should_leave_order_ids_amounts_and_dates_alone_when_they_look_numeric() {
    String text =
        "Order 1002 of 2026-11-25: refund 4900 cents, ticket 12345678, ref rf-0123456789ab";

    Observation observation = perceiveOperator(text);

    assertThat(observation.redactedContent()).isEqualTo(text);
    assertThat(observation.labels().piiKinds()).isEmpty();
    assertThat(observation.labels().classification()).isEqualTo("INTERNAL");
  }

  @Test
  void should_redact_card_numbers_when_they_pass_luhn() {
    Observation observation =
        perceiveOperator("Card " + VISA + ", backup " + MASTERCARD + " and 4012888888881881.");

    assertThat(observation.redactedContent())
        .isEqualTo("Card <card:1>, backup <card:2> and <card:3>.");
    assertThat(observation.labels().piiKinds()).containsExactly("card_number");
  }

  @Test
  void should_not_redact_a_number_as_a_card_when_it_fails_luhn() {
    Observation observation = perceiveOperator("Tracking 4111 1111 1111 1112 is not a card.");

    assertThat(observation.redactedContent())
        .isEqualTo("Tracking 4111 1111 1111 1112 is not a card.");
    assertThat(observation.labels().piiKinds()).doesNotContain("card_number");
  }

  @Test
  void should_find_the_card_when_a_neighbouring_digit_group_follows_it() {
    Observation observation = perceiveOperator("Card " + VISA + " 2026 expiring.");

    assertThat(observation.redactedContent()).isEqualTo("Card <card:1> 2026 expiring.");
  }

  @Test
  void should_redact_ibans_when_they_pass_mod_97() {
    Observation observation =
        perceiveOperator(
            "Pay to " + IBAN_DE + " or " + IBAN_GB + " but not DE89 3704 0044 0532 0130 01.");

    assertThat(observation.redactedContent())
        .startsWith("Pay to <iban:1> or <iban:2> but not ")
        .doesNotContain("<iban:3>");
    assertThat(observation.labels().piiKinds()).contains("iban");
  }

  @Test
  void should_give_the_same_token_to_the_same_value_when_it_appears_twice() {
    Observation observation =
        perceive(
            List.of(
                input("ticket", "customer_email", "From ana@example.com about " + VISA),
                input("note", "operator", "ANA@example.com again; card 4111-1111-1111-1111")),
            List.of());

    assertThat(observation.redactedContent())
        .isEqualTo("From <email:1> about <card:1>\n<email:1> again; card <card:1>");
  }

  @Test
  void should_classify_internal_confidential_or_restricted_when_pii_differs() {
    assertThat(perceiveOperator("Where is order 1002?").labels().classification())
        .isEqualTo("INTERNAL");
    assertThat(perceiveOperator("Mail ana@example.com").labels().classification())
        .isEqualTo("CONFIDENTIAL");
    assertThat(perceiveOperator("Call +44 20 7946 0958").labels().classification())
        .isEqualTo("CONFIDENTIAL");
    assertThat(perceiveOperator("Card " + VISA).labels().classification()).isEqualTo("RESTRICTED");
    assertThat(perceiveOperator("IBAN " + IBAN_GB).labels().classification())
        .isEqualTo("RESTRICTED");
  }

  @Test
  void should_raise_but_never_lower_the_classification_when_an_input_declares_one() {
    Observation raised =
        perceive(
            List.of(
                new TaskInput(
                    "ticket",
                    "operator",
                    "Where is order 1002?",
                    Map.of("classification", "restricted"))),
            List.of());
    Observation notLowered =
        perceive(
            List.of(
                new TaskInput(
                    "ticket",
                    "operator",
                    "Mail ana@example.com",
                    Map.of("classification", "PUBLIC"))),
            List.of());

    assertThat(raised.labels().classification()).isEqualTo("RESTRICTED");
    assertThat(notLowered.labels().classification()).isEqualTo("CONFIDENTIAL");
  }

  @Test
  void should_fail_InvalidClassification_when_an_input_declares_an_unknown_level() {
    PerceptionRequest request =
        new PerceptionRequest(
            "task-1",
            1,
            "eu",
            List.of(new TaskInput("ticket", "operator", "hi", Map.of("classification", "SECRET"))),
            List.of());

    assertThatThrownBy(() -> perception.perceive(request))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo("InvalidClassification");
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).contains("`SECRET`");
            });
  }

  @Test
  void should_not_taint_when_every_input_comes_from_a_trusted_source() {
    Observation observation =
        perceive(
            List.of(
                input("goal", "operator", "Refund order 1002"),
                input("policy", "system", "Be brief")),
            List.of());

    assertThat(observation.tainted()).isFalse();
    assertThat(observation.sources()).containsExactly("goal:operator", "policy:system");
  }

  @Test
  void should_taint_when_an_input_comes_from_a_customer_email_or_a_web_page() {
    assertThat(
            perceive(List.of(input("ticket", "customer_email", "Refund me")), List.of()).tainted())
        .isTrue();
    assertThat(perceive(List.of(input("page", "web_page", "Shipping policy")), List.of()).tainted())
        .isTrue();
    assertThat(perceive(List.of(input("mystery", null, "no source given")), List.of()).tainted())
        .isTrue();
  }

  @Test
  void should_taint_and_render_tool_output_when_tool_results_are_present() {
    ToolResult lookup =
        new ToolResult(
            "lookup_order",
            "task-1/1/0",
            Map.of("orderId", "1002", "status", "delivered", "totalCents", "4900"),
            false,
            null);

    Observation observation =
        perceive(List.of(input("goal", "operator", "Refund order 1002")), List.of(lookup));

    assertThat(observation.tainted()).isTrue();
    assertThat(observation.redactedContent())
        .isEqualTo(
            "Refund order 1002\nlookup_order: orderId=1002, status=delivered, totalCents=4900");
    assertThat(observation.sources()).containsExactly("goal:operator", "lookup_order:tool_result");
  }

  @Test
  void should_keep_structured_fields_out_of_the_content_but_in_the_labels() {
    Observation observation =
        perceive(
            List.of(
                new TaskInput(
                    "ticket",
                    "operator",
                    "Please refund",
                    Map.of("orderId", "1002", "contact", "ana@example.com"))),
            List.of());

    assertThat(observation.redactedContent()).isEqualTo("Please refund");
    assertThat(observation.labels().piiKinds()).containsExactly("email");
    assertThat(observation.labels().classification()).isEqualTo("CONFIDENTIAL");
  }

  @Test
  void should_identify_the_raw_text_by_its_sha256_and_copy_step_and_residency() throws Exception {
    String content = "Mail ana@example.com";

    Observation observation =
        perception.perceive(
            new PerceptionRequest(
                "task-1", 7, "eu", List.of(input("t", "operator", content)), List.of()));

    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
    assertThat(observation.contentSha256()).isEqualTo(expected);
    assertThat(observation.step()).isEqualTo(7);
    assertThat(observation.labels().residency()).isEqualTo("eu");
  }

  @Test
  void should_leave_no_raw_pii_anywhere_in_the_observation_when_serialized() throws Exception {
    List<String> pii =
        List.of(
            "ana@example.com",
            "+49 30 1234567",
            "(212) 736-5000",
            VISA,
            "4111111111111111",
            IBAN_DE,
            IBAN_GB,
            "1234567",
            "3704");
    String ticket =
        "Hi, I'm Ana (ana@example.com, +49 30 1234567, (212) 736-5000). Charge "
            + VISA
            + " twice, refund to "
            + IBAN_DE
            + " or "
            + IBAN_GB
            + ". Card again: 4111111111111111";

    Observation observation =
        perceive(
            List.of(
                new TaskInput(
                    "ticket", "customer_email", ticket, Map.of("contact", "ana@example.com"))),
            List.of());
    String json = new ObjectMapper().writeValueAsString(observation);

    assertThat(json).doesNotContain(pii);
    assertThat(observation.labels().piiKinds())
        .containsExactly("card_number", "email", "iban", "phone");
  }

  private Observation perceiveOperator(String content) {
    return perceive(List.of(input("note", "operator", content)), List.of());
  }

  private Observation perceive(List<TaskInput> inputs, List<ToolResult> toolResults) {
    return perception.perceive(new PerceptionRequest("task-1", 1, "eu", inputs, toolResults));
  }

  private static TaskInput input(String name, String source, String content) {
    return new TaskInput(name, source, content, Map.of());
  }
}
