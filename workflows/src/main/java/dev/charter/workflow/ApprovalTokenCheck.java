package dev.charter.workflow;

import dev.charter.contract.ApprovalToken;
import dev.charter.contract.PendingApproval;
import io.temporal.workflow.Workflow;
import java.util.Set;

/**
 * The claims of a signed approval token against the approval it answers: audience, subject,
 * lifetime in workflow time, approval id, argument hash, the bundle that asked, and single use. The
 * signature is the gate's to check; this reads workflow state only.
 */
final class ApprovalTokenCheck {

  private ApprovalTokenCheck() {}

  /** The token's claims against the waiting approval, workflow time and the tokens used. */
  static void claims(ApprovalToken token, PendingApproval waiting, Set<String> usedTokenIds) {
    if (!ApprovalToken.AUDIENCE.equals(token.audience())) {
      throw refused("audience is `" + token.audience() + "`, not `" + ApprovalToken.AUDIENCE + "`");
    }
    if (token.subject() == null || token.subject().isBlank() || token.jti() == null) {
      throw refused("it names no `sub` or `jti`");
    }
    long now = Workflow.currentTimeMillis() / 1000;
    if (token.expiresAt() <= now) {
      throw refused("expired at " + token.expiresAt() + " (now " + now + ")");
    }
    if (token.expiresAt() - now > ApprovalToken.MAX_LIFETIME_SECONDS) {
      throw refused("it expires more than " + ApprovalToken.MAX_LIFETIME_SECONDS + "s from now");
    }
    if (!waiting.approvalId().equals(token.approvalId())) {
      throw refused(
          "it is for approval `" + token.approvalId() + "`, not `" + waiting.approvalId() + "`");
    }
    if (!waiting.argumentsSha256().equals(token.argumentsSha256())) {
      throw refused(
          "it binds argument hash `"
              + token.argumentsSha256()
              + "`, the call waiting has `"
              + waiting.argumentsSha256()
              + "`");
    }
    String askingBundle = waiting.verdict() == null ? null : waiting.verdict().activeBundleHash();
    if (askingBundle != null && !askingBundle.equals(token.bundleHash())) {
      throw refused(
          "it binds bundle `"
              + token.bundleHash()
              + "`, the approval was asked for by bundle `"
              + askingBundle
              + "`");
    }
    if (usedTokenIds.contains(token.jti())) {
      throw refused("token `" + token.jti() + "` was used already (replay)");
    }
  }

  static IllegalArgumentException refused(String why) {
    return new IllegalArgumentException("approval token refused: " + why);
  }
}
