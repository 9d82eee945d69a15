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
   * Runs an authorized tool call; a second call with the same key returns the first result.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code UnknownTool}, {@code
   *     InvalidToolArguments} or a tool's own permanent failure type
   */
  @ActivityMethod
  ToolResult execute(ToolInvocation invocation);

  /** Undoes a side effect; idempotent by the compensation's key. */
  @ActivityMethod
  ToolResult compensate(Compensation compensation);
}
