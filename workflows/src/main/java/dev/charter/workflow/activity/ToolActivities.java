package dev.charter.workflow.activity;

import dev.charter.contract.Compensation;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs tools against their system of record, idempotently by key. */
@ActivityInterface
public interface ToolActivities {

  /**
   * Runs an authorized tool call; a second call with the same key returns the first result. The
   * invocation must carry the permit the authorization stage signed for exactly this call.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code PermitInvalid} (no permit,
   *     a forged or expired one, or one for another call), {@code UnknownTool}, {@code
   *     InvalidToolArguments} or a tool's own permanent failure type
   */
  @ActivityMethod
  ToolResult execute(ToolInvocation invocation);

  /**
   * Undoes a side effect; idempotent by the compensation's key. Needs the compensation's own
   * permit, as {@link #execute} does.
   */
  @ActivityMethod
  ToolResult compensate(Compensation compensation);
}
