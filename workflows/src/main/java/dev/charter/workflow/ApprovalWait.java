package dev.charter.workflow;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.ApprovalToken;
import dev.charter.contract.AuditFact;
import dev.charter.contract.GrantedApproval;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.TaskPin;
import dev.charter.contract.TaskState;
import dev.charter.contract.ToolCall;
import dev.charter.workflow.activity.ApprovalGate;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A task's wait for humans: the pending approval, the answers proven so far, and the validators
 * that refuse an answer before it enters history. The validators read state only; the handlers
 * ({@link #approve}, {@link #reject}) run on replay too and derive the same answer from history.
 *
 * <p>With approval tokens (change id {@code approval-token}) an answer is a signed token bound to
 * this approval, its argument hash and the bundle that asked, accepted once; an approval needing
 * several roles waits for all, each from a distinct human who is not the requester. Before, the
 * approver's name was taken as given (and checked by the gate).
 */
final class ApprovalWait {

  private final ApprovalAnswerCheck check;
  private final TaskLedger ledger;
  private final TaskVisibility visibility;
  private String taskId;
  private String requestedBy;
  private boolean tokens;
  private PendingApproval pending;
  private ApprovalRequest answer;
  private boolean granted;

  /** Every approval token accepted so far, across approvals: a token is accepted once. */
  private final Set<String> usedTokenIds = new LinkedHashSet<>();

  /** The proven approvals of the pending approval so far, one per role, in history order. */
  private final List<ApprovalRequest> collected = new ArrayList<>();

  ApprovalWait(ApprovalGate gate, TaskLedger ledger, TaskVisibility visibility) {
    this.check = new ApprovalAnswerCheck(gate);
    this.ledger = ledger;
    this.visibility = visibility;
  }

  /**
   * The task, and who asked for it: they may not approve its calls (four eyes); {@code usedTokens}
   * the approval tokens its earlier runs accepted.
   */
  void bind(String task, String requester, List<String> usedTokens) {
    this.taskId = task;
    this.requestedBy = requester;
    usedTokenIds.addAll(usedTokens);
  }

  /** The ids of every approval token accepted so far, in order. */
  List<String> usedTokens() {
    return List.copyOf(usedTokenIds);
  }

  /**
   * What the humans said: the approvals given (one, or with tokens one per required role), or, when
   * none, the state the task ends in (rejected, expired or cancelled) and why.
   */
  record Answer(List<GrantedApproval> grants, TaskState end, String why) {

    static Answer refused(TaskState end, String why) {
      return new Answer(null, end, why);
    }

    boolean granted() {
      return grants != null;
    }
  }

  /**
   * Asks for approval of {@code call}, which {@code verdict} holds for humans, and waits for the
   * answer, the task's approval timeout, or a cancel ({@code cancelReason} turns non-null).
   */
  Answer await(
      String approvalId,
      ToolCall call,
      PolicyVerdict verdict,
      TaskPin pin,
      int step,
      Supplier<String> cancelReason) {
    String argumentsSha256 = call.argumentsSha256();
    tokens = LoopChanges.on(LoopChanges.APPROVAL_TOKEN);
    collected.clear();
    pending =
        new PendingApproval(
            approvalId, pin.tenant(), call, argumentsSha256, verdict.requiredRoles(), verdict);
    answer = null;
    ledger.add(
        step,
        new AuditFact.ApprovalRequested(
            approvalId,
            call.tool(),
            call.target(),
            argumentsSha256,
            verdict.requiredRoles(),
            verdict.activeBundleHash()));
    visibility.waiting(true, step);
    ledger.flush();

    boolean answered =
        Workflow.await(
            Duration.ofSeconds(pin.budgets().approvalTimeoutSeconds()),
            () -> answer != null || cancelReason.get() != null);
    PendingApproval asked = pending;
    pending = null;
    visibility.waiting(false, step);
    if (answer == null) {
      ledger.add(
          step,
          answered
              ? new AuditFact.ApprovalCancelled(approvalId)
              : new AuditFact.ApprovalExpired(approvalId));
      return answered
          ? Answer.refused(TaskState.CANCELLED, "cancelled: " + cancelReason.get())
          : Answer.refused(TaskState.REJECTED, "approval timed out");
    }
    String role = answer.role() != null ? answer.role() : asked.requiredRoles().get(0);
    if (!granted) {
      ledger.add(
          step,
          new AuditFact.ApprovalRejected(
              approvalId, answer.approver(), role, argumentsSha256, answer.reason()));
      return Answer.refused(
          TaskState.REJECTED, "`" + call.tool() + "` rejected by " + answer.approver());
    }
    List<GrantedApproval> grants = new ArrayList<>();
    for (ApprovalRequest given : tokens ? List.copyOf(collected) : List.of(answer)) {
      String givenRole = tokens ? given.role() : role;
      ledger.add(
          step,
          new AuditFact.ApprovalGranted(
              approvalId, given.approver(), givenRole, argumentsSha256, given.reason()));
      // Bound to the bundle that asked (verdicts older than bundle pinning name none).
      grants.add(
          new GrantedApproval(
              approvalId,
              given.approver(),
              givenRole,
              argumentsSha256,
              verdict.activeBundleHash()));
    }
    collected.clear();
    return new Answer(grants, null, null);
  }

  /**
   * An answer accepted by the Update but not yet taken up by the loop is no longer pending: callers
   * polling the status must not answer the same approval twice.
   */
  boolean answeredWhileWaiting(TaskState state) {
    return state == TaskState.WAITING_APPROVAL && answer != null;
  }

  /** The approval a status shows: null when none or already answered. */
  PendingApproval shown(TaskState state) {
    if (answeredWhileWaiting(state) || pending == null) {
      return null;
    }
    return tokens ? pending.withMissingRoles(missingRoles()) : pending;
  }

  String approve(ApprovalRequest request) {
    if (!tokens) {
      granted = true;
      answer = request;
      return "approved " + request.approvalId();
    }
    // Proven by the validator before it entered history; here (and on replay) only read.
    ApprovalRequest proven = ApprovalAnswerCheck.proven(request, missingRoles());
    usedTokenIds.add(ApprovalToken.decode(request.token()).jti());
    collected.add(proven);
    List<String> missing = missingRoles();
    if (!missing.isEmpty()) {
      return "approved "
          + request.approvalId()
          + " as "
          + proven.role()
          + " by "
          + proven.approver()
          + "; still waiting for "
          + missing;
    }
    granted = true;
    answer = proven;
    return "approved " + request.approvalId();
  }

  String reject(ApprovalRequest request) {
    granted = false;
    if (tokens) {
      usedTokenIds.add(ApprovalToken.decode(request.token()).jti());
      answer = ApprovalAnswerCheck.proven(request, pending.requiredRoles());
    } else {
      answer = request;
    }
    return "rejected " + request.approvalId();
  }

  /** Runs before an answer enters history; throwing refuses it. Reads state only. */
  void validate(ApprovalRequest request, boolean approving) {
    check.validate(
        request,
        approving,
        new ApprovalAnswerCheck.Waiting(
            taskId,
            requestedBy,
            pending,
            answer != null,
            tokens,
            missingRoles(),
            List.copyOf(collected),
            Set.copyOf(usedTokenIds)));
  }

  /** The required roles of the pending approval no proven approval covers yet. */
  private List<String> missingRoles() {
    if (pending == null) {
      return List.of();
    }
    List<String> missing = new ArrayList<>(pending.requiredRoles());
    collected.forEach(proven -> missing.remove(proven.role()));
    return missing;
  }
}
