package dev.charter.workflow.activity;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.PendingApproval;

/**
 * Decides, inside the approval Update's validator, whether a human may answer a pending approval.
 *
 * <p>It runs in the workflow thread before the update enters history and is never replayed, so it
 * may consult the in-process policy engine; it must not block on I/O.
 */
public interface ApprovalGate {

  /** Checks the human against the approval. */
  Check authorize(ApprovalRequest request, PendingApproval pending);

  /**
   * Checks that an approval token ({@link dev.charter.contract.ApprovalToken}) is signed by a
   * trusted issuer. Only the signature and issuer: the workflow checks the claims (audience, expiry
   * against workflow time, approval, argument hash, bundle, replay). With no trusted key, as here,
   * every token is refused.
   */
  default Check verifyToken(String compactJws) {
    return Check.refuse("this worker trusts no approval token issuer: approvals are refused");
  }

  /**
   * The gate's answer.
   *
   * @param allowed whether the human may answer
   * @param role the role in which they answer, when allowed
   * @param reason why not, naming the human and the role asked for, when refused
   */
  record Check(boolean allowed, String role, String reason) {

    public static Check allow(String role) {
      return new Check(true, role, null);
    }

    public static Check refuse(String reason) {
      return new Check(false, null, reason);
    }
  }
}
