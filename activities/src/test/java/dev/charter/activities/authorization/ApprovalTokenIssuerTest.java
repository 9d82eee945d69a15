package dev.charter.activities.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.audit.Jws;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.contract.ApprovalToken;
import dev.charter.contract.Outcome;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.ToolCall;
import dev.charter.policy.BundleException;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.PolicyEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalTokenIssuerTest {

  private static final ToolCall REFUND =
      new ToolCall("issue_refund", "Shop::Order::\"1002\"", Map.of("orderId", "1002"));
  private static final PendingApproval PENDING =
      new PendingApproval(
          "task-1/2/0",
          "acme",
          REFUND,
          "abc123",
          List.of("support_lead"),
          PolicyVerdict.builder(Outcome.REQUIRE_APPROVAL, "b")
              .requiredRoles(List.of("support_lead"))
              .evaluationMicros(10)
              .pinned("b", Outcome.REQUIRE_APPROVAL)
              .active("bundle-1", Outcome.REQUIRE_APPROVAL)
              .build());

  private final LedgerSigningKey key = LedgerSigningKey.generate();
  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000), ZoneOffset.UTC);
  private final ApprovalTokenIssuer issuer =
      new ApprovalTokenIssuer(key, Duration.ofMinutes(5), clock);

  @Test
  void should_bind_the_token_to_approval_arguments_bundle_and_human_with_a_short_expiry() {
    String token = issuer.issue("dana.lead", List.of("support_lead"), PENDING);

    ApprovalToken claims = ApprovalToken.decode(token);
    assertThat(claims.subject()).isEqualTo("dana.lead");
    assertThat(claims.audience()).isEqualTo(ApprovalToken.AUDIENCE);
    assertThat(claims.approvalId()).isEqualTo("task-1/2/0");
    assertThat(claims.argumentsSha256()).isEqualTo("abc123");
    assertThat(claims.bundleHash()).isEqualTo("bundle-1");
    assertThat(claims.roles()).containsExactly("support_lead");
    assertThat(claims.expiresAt() - claims.issuedAt()).isEqualTo(300);
    assertThat(claims.jti())
        .isNotBlank()
        .isNotEqualTo(ApprovalToken.decode(issuer.issue("dana.lead", List.of(), PENDING)).jti());
    assertThat(ApprovalTokenIssuer.verify(token, List.of(key.publicKey()))).isNull();
  }

  @Test
  void should_refuse_tokens_of_another_key_and_other_jws_of_the_same_key() throws BundleException {
    String token = issuer.issue("dana.lead", List.of("support_lead"), PENDING);
    LedgerSigningKey other = LedgerSigningKey.generate();

    assertThat(ApprovalTokenIssuer.verify(token, List.of(other.publicKey())))
        .contains("signature does not verify");
    assertThat(ApprovalTokenIssuer.verify(token, List.of())).contains("no approval token issuer");
    // a permit or receipt of the same key is no approval token
    String permit =
        Jws.sign(
            key,
            "charter.tool-permit+jws",
            new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("sub", "dana.lead"));
    assertThat(ApprovalTokenIssuer.verify(permit, List.of(key.publicKey())))
        .contains("header `typ`");

    CedarApprovalGate gate =
        new CedarApprovalGate(
            new PolicyEngine(PolicyBundle.loadClasspath("policies/support-desk")),
            new HumanDirectory(Map.of()),
            List.of(key.publicKey()));
    assertThat(gate.verifyToken(token).allowed()).isTrue();
    assertThat(gate.verifyToken(token.substring(0, token.length() - 4) + "AAAA").allowed())
        .isFalse();
    assertThat(
            new CedarApprovalGate(
                    new PolicyEngine(PolicyBundle.loadClasspath("policies/support-desk")),
                    new HumanDirectory(Map.of()))
                .verifyToken(token)
                .allowed())
        .isFalse();
  }
}
