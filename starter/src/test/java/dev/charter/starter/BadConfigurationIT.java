package dev.charter.starter;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker with a bad configuration refuses to start and says what is wrong. */
class BadConfigurationIT {

  @TempDir Path data;

  @Test
  void should_refuse_to_start_with_an_invalid_policy_bundle_naming_file_and_line()
      throws Exception {
    Path bundle = Files.createDirectories(data.resolve("bundle"));
    try (var schema =
        getClass().getResourceAsStream("/policies/support-desk/charter.cedarschema")) {
      Files.write(bundle.resolve("charter.cedarschema"), schema.readAllBytes());
    }
    Files.writeString(
        bundle.resolve("bundle.json"), "{\"name\":\"broken\",\"description\":\"test\"}");
    Files.writeString(
        bundle.resolve("refunds.cedar"),
        """
        // Refunds up to a limit.
        @id("refund-typo")
        permit (principal, action == Charter::Action::"issue_refund", resource)
        when { context.input.amountCent <= 100 };
        """);

    assertThatThrownBy(
            () -> TestStack.embedded(data, Map.of("charter.policy.bundle", bundle.toString())))
        .rootCause()
        .hasMessageContaining("refunds.cedar:")
        .hasMessageContaining("amountCent");
  }

  @Test
  void should_refuse_to_start_when_a_profile_routes_to_an_unknown_backend() {
    assertThatThrownBy(
            () ->
                TestStack.embedded(
                    data, Map.of("charter.profiles.support-agent.route[0]", "gpt-unknown")))
        .rootCause()
        .hasMessageContaining("profile `support-agent`: route names unknown backend `gpt-unknown`");
  }

  @Test
  void should_refuse_to_start_against_a_cluster_without_payload_keys() {
    // Nothing listens there: the key check comes first, before any connection is made.
    assertThatThrownBy(
            () -> TestStack.external(data, "127.0.0.1:" + TestStack.freePort(), Map.of()))
        .rootCause()
        .hasMessageContaining("payload encryption has no key")
        .hasMessageContaining("CHARTER_PAYLOAD_KEYS");
  }

  @Test
  void should_refuse_a_key_file_that_does_not_exist_naming_it() {
    assertThatThrownBy(
            () ->
                TestStack.embedded(
                    data, Map.of("charter.codec.key-file", data.resolve("nope").toString())))
        .rootCause()
        .hasMessageContaining("charter.codec.key-file `" + data.resolve("nope") + "`");
  }
}
