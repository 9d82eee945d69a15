package dev.charter.workflow;

import dev.charter.contract.AuditFact;
import dev.charter.contract.Compensation;
import dev.charter.contract.CompensationAuthorizationRequest;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.TaskPin;
import dev.charter.workflow.activity.AuthorizationActivities;
import dev.charter.workflow.activity.ToolActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The saga of a task that ends without finishing: undoes its registered side effects, newest first,
 * each put to Cedar before it runs (change id {@code compensation-authorized}) and audited.
 */
final class CompensationSaga {

  /** The {@code callIndex} a compensation's verdict is recorded under: it is no proposed call. */
  static final int COMPENSATION_CALL_INDEX = -1;

  private static final Logger log = Workflow.getLogger(CompensationSaga.class);

  private final AuthorizationActivities authorization;
  private final ToolActivities tools;
  private final TaskLedger ledger;

  CompensationSaga(AuthorizationActivities authorization, ToolActivities tools, TaskLedger ledger) {
    this.authorization = authorization;
    this.tools = tools;
    this.ledger = ledger;
  }

  /**
   * What the saga did.
   *
   * @param undone the compensations that ran, as {@code tool target}
   * @param notUndone the ones refused or failed, described for the task's reason; always empty on
   *     tasks before {@code compensation-authorized}
   */
  record Result(List<String> undone, List<String> notUndone) {}

  /** Runs {@code compensations} (newest first) for the task ending at {@code step}. */
  Result run(String taskId, int step, TaskPin pin, List<Compensation> compensations) {
    List<String> undone = new ArrayList<>();
    List<String> notUndone = new ArrayList<>();
    for (Compensation registered : compensations) {
      Compensation compensation = registered;
      String what = "`" + compensation.call().tool() + "` on " + compensation.call().target();
      boolean authorized = LoopChanges.on(LoopChanges.COMPENSATION_AUTHORIZED);
      if (authorized) {
        PolicyVerdict verdict;
        try {
          verdict =
              authorization.authorizeCompensation(
                  new CompensationAuthorizationRequest(taskId, step, pin, compensation));
        } catch (ActivityFailure failure) {
          // Cedar could not be asked (a bad call, or retries exhausted): refused, fail closed
          String error = Failures.describe(failure);
          ledger.add(
              step,
              new AuditFact.CompensationRefused(
                  compensation.call().tool(),
                  compensation.call().target(),
                  compensation.idempotencyKey(),
                  compensation.forKey(),
                  Outcome.DENY,
                  List.of(),
                  pin.bundleHash(),
                  List.of(error)));
          notUndone.add(what + " not authorized (" + error + ")");
          continue;
        }
        ledger.add(
            step,
            AuditFact.VerdictRecorded.of(compensation.call(), COMPENSATION_CALL_INDEX, verdict));
        if (verdict.outcome() != Outcome.ALLOW) {
          ledger.add(step, AuditFact.CompensationRefused.of(compensation, verdict));
          log.warn(
              "compensation refused by policy taskId={} key={} outcome={}",
              taskId,
              compensation.idempotencyKey(),
              verdict.outcome());
          notUndone.add(
              what
                  + " refused ("
                  + verdict.outcome()
                  + " by "
                  + verdict.determiningPolicies()
                  + ")");
          continue;
        }
        compensation = compensation.withPermit(verdict.permit());
      }
      String error = null;
      try {
        tools.compensate(compensation);
        undone.add(compensation.call().tool() + " " + compensation.call().target());
      } catch (ActivityFailure failure) {
        // Recorded for an operator: the compensation's retries are exhausted.
        error = Failures.describe(failure);
        log.error("compensation failed taskId={} key={}", taskId, compensation.idempotencyKey());
        if (authorized) {
          notUndone.add(what + " failed (" + error + ")");
        }
      }
      ledger.add(step, AuditFact.CompensationExecuted.of(compensation, error));
    }
    return new Result(undone, notUndone);
  }
}
