package dev.charter.workflow.determinism.planted;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A workflow whose helper reads the wall clock: the determinism check must name it. */
@WorkflowInterface
public interface PlantedWorkflow {
  @WorkflowMethod
  long run();
}
