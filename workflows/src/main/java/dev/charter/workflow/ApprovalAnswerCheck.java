package dev.charter.workflow;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.ApprovalToken;
import dev.charter.contract.PendingApproval;
import dev.charter.workflow.activity.ApprovalGate;
import java.util.List;
import java.util.Set;

/**
 * The validators of approval answers: who may answer the approval a task waits for, checked before
 * the answer enters history. They read a snapshot of the wait ({@link Waiting}) and change nothing,
 * as Update validators must; the gate checks a token's signature and asks Cedar about the human.
 */
final class ApprovalAnswerCheck {

  /**
   * What the validators read of the wait.
   *
   * @param taskId the task
   * @param requestedBy who asked for the task: they may not answer (four eyes)
   * @param pending the approval waited for, null when none
   * @param answered whether a final answer was accepted already
   * @param tokens whether answers must carry signed approval tokens (change id approval-token)
   * @param missingRoles the required roles no proven approval covers yet
   * @param collected the proven approvals so far
   * @param usedTokenIds every approval token accepted so far
   */
  record Waiting(
      String taskId,
      String requestedBy,
      PendingApproval pending,
      boolean answered,
      boolean tokens,
      List<String> missingRoles,
      List<ApprovalRequest> collected,
      Set<String> usedTokenIds) {}

  private final ApprovalGate gate;

  ApprovalAnswerCheck(ApprovalGate gate) {
    this.gate = gate;
  }

  /** Refuses {@code request} (throws) unless it may answer the approval {@code w} waits for. */
  void validate(ApprovalRequest request, boolean approving, Waiting w) {
    if (w.tokens()) {
      validateProven(request, approving, w);
      return;
    }
    if (request == null || request.approvalId() == null || request.approver() == null) {
      throw new IllegalArgumentException(
          "approval answer needs `approvalId` and `approver`, got " + request);
    }
    PendingApproval waiting = pendingFor(request, w);
    if (request.role() == null && waiting.requiredRoles().size() != 1) {
      throw new IllegalArgumentException(
          "approval `"
              + waiting.approvalId()
              + "` may be given by any of "
              + waiting.requiredRoles()
              + ": say which `role` you answer in");
    }
    allowedByGate(request, waiting);
  }

  /** The approval {@code request} answers; refuses an answer when none or another is pending. */
  private static PendingApproval pendingFor(ApprovalRequest request, Waiting w) {
    PendingApproval waiting = w.pending();
    if (waiting == null || w.answered()) {
      throw new IllegalStateException(
          "task `"
              + w.taskId()
              + "` has no pending approval (answer for `"
              + request.approvalId()
              + "` is stale)");
    }
    if (!waiting.approvalId().equals(request.approvalId())) {
      throw new IllegalArgumentException(
          "stale approval `"
              + request.approvalId()
              + "`: the pending approval is `"
              + waiting.approvalId()
              + "`");
    }
    return waiting;
  }

  /**
   * The validator of tasks with approval tokens: the token's signature (by the gate), then its
   * claims against this approval and workflow time, replay, four eyes, and the human's role (Cedar,
   * by the gate).
   */
  private void validateProven(ApprovalRequest request, boolean approving, Waiting w) {
    if (request == null || request.approvalId() == null) {
      throw new IllegalArgumentException(
          "approval answer needs `approvalId` and a signed `token`, got " + request);
    }
    PendingApproval waiting = pendingFor(request, w);
    if (request.token() == null || request.token().isBlank()) {
      throw new IllegalArgumentException(
          "approval `"
              + waiting.approvalId()
              + "` needs a signed approval `token` (POST /api/tasks/"
              + w.taskId()
              + "/approval-token, or `charter task approval-token`): a name proves"
              + " nothing");
    }
    ApprovalGate.Check signature = gate.verifyToken(request.token());
    if (!signature.allowed()) {
      throw ApprovalTokenCheck.refused(signature.reason());
    }
    ApprovalToken token = ApprovalToken.decode(request.token());
    ApprovalTokenCheck.claims(token, waiting, w.usedTokenIds());
    if (request.approver() != null
        && !request.approver().isBlank()
        && !request.approver().equals(token.subject())) {
      throw ApprovalTokenCheck.refused(
          "the answer names approver `"
              + request.approver()
              + "` but the token proves `"
              + token.subject()
              + "`");
    }
    if (token.subject().equals(w.requestedBy())) {
      throw new IllegalArgumentException(
          "`"
              + token.subject()
              + "` asked for task `"
              + w.taskId()
              + "` and may not answer its approvals");
    }
    List<String> candidates = approving ? w.missingRoles() : waiting.requiredRoles();
    if (approving) {
      for (ApprovalRequest earlier : w.collected()) {
        if (earlier.approver().equals(token.subject())) {
          throw new IllegalArgumentException(
              "`"
                  + token.subject()
                  + "` already approved `"
                  + waiting.approvalId()
                  + "` as "
                  + earlier.role()
                  + "; "
                  + candidates
                  + " need other humans");
        }
      }
    }
    ApprovalRequest proven = proven(request, candidates);
    if (proven.role() == null) {
      throw new IllegalArgumentException(
          "approval `"
              + waiting.approvalId()
              + "` still needs "
              + candidates
              + ": say which `role` you answer in");
    }
    if (!candidates.contains(proven.role())) {
      throw new IllegalArgumentException(
          "approval `"
              + waiting.approvalId()
              + "` needs one of "
              + candidates
              + ", not role `"
              + proven.role()
              + "`");
    }
    allowedByGate(proven, waiting);
  }

  private void allowedByGate(ApprovalRequest request, PendingApproval waiting) {
    ApprovalGate.Check check = gate.authorize(request, waiting);
    if (!check.allowed()) {
      throw new IllegalArgumentException(check.reason());
    }
  }

  /**
   * The answer as its token proves it: the token's subject as approver, the role named, or the one
   * candidate left, or the first candidate the token's roles hold. Deterministic: the handler (and
   * replay) derive the same from history.
   */
  static ApprovalRequest proven(ApprovalRequest request, List<String> candidates) {
    ApprovalToken token = ApprovalToken.decode(request.token());
    String role = request.role();
    if (role == null && candidates.size() == 1) {
      role = candidates.get(0);
    }
    if (role == null) {
      role = candidates.stream().filter(token.roles()::contains).findFirst().orElse(null);
    }
    return new ApprovalRequest(
        request.approvalId(), token.subject(), role, request.reason(), request.token());
  }
}
