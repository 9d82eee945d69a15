package dev.charter.workflow.activity;

import dev.charter.contract.Observation;
import dev.charter.contract.PerceptionRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Turns a step's inputs into a labelled, redacted observation. */
@ActivityInterface
public interface PerceptionActivities {

  /** Classifies, marks taint and redacts PII; the raw content is identified by hash only. */
  @ActivityMethod
  Observation perceive(PerceptionRequest request);
}
