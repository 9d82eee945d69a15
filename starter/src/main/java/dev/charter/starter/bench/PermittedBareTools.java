package dev.charter.starter.bench;

import dev.charter.activities.tools.ToolPermits;
import dev.charter.contract.Compensation;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
import dev.charter.workflow.activity.ToolActivities;

/**
 * The bare workflow's tools: the worker's own tool activities, each call given the permit they
 * require. The bare workflow has no authorization stage to issue one, so it is signed here, with no
 * policy decision behind it; the bare step thus also pays the permit's signature and check, which
 * makes the measured overhead of governance a little smaller than it is.
 */
record PermittedBareTools(ToolActivities tools, ToolPermits permits) implements ToolActivities {

  private static final PolicyVerdict UNDECIDED =
      PolicyVerdict.builder(Outcome.ALLOW, "bench-bare-no-policy").build();

  @Override
  public ToolResult execute(ToolInvocation invocation) {
    String key = invocation.idempotencyKey();
    int callIndex = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
    String permit =
        permits.issue(
            ToolPermits.Kind.TOOL,
            invocation.taskId(),
            invocation.step(),
            callIndex,
            key,
            invocation.call(),
            UNDECIDED);
    return tools.execute(
        new ToolInvocation(invocation.taskId(), invocation.step(), key, invocation.call(), permit));
  }

  @Override
  public ToolResult compensate(Compensation compensation) {
    throw new UnsupportedOperationException("the bare workflow never compensates");
  }
}
