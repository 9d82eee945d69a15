package dev.charter.workflow.determinism.planted;

/** Looks clean itself; the non-determinism hides one call away, in {@link PlantedClock}. */
public class PlantedWorkflowImpl implements PlantedWorkflow {
  @Override
  public long run() {
    return PlantedClock.stamp() + 1;
  }
}
