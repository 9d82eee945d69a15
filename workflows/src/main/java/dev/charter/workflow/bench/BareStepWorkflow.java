package dev.charter.workflow.bench;

import dev.charter.contract.TaskStatus;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The baseline of the governance benchmark: the same model and tool activities as {@code
 * AgentTask}, with no perception, policy, approval or ledger. Never used to serve tasks.
 */
@WorkflowInterface
public interface BareStepWorkflow {

  /** Workflow type name. */
  String TYPE = "BareStep";

  /** Decides and acts until the model answers or the step limit is reached. */
  @WorkflowMethod(name = TYPE)
  TaskStatus run(BareStepRequest request);
}
