package dev.charter.worker.supply;

import dev.charter.contract.TaskPin;
import dev.charter.contract.TaskRequest;
import dev.charter.workflow.activity.TaskSetupActivities;

/**
 * Stamps every pin with the build of this worker (commit and SBOM digest), so the {@code
 * task.pinned} ledger event says which code ran the task. A pin is an activity result, so replay
 * reads the stamp from history and a task keeps the build that started it.
 */
public final class BuildStampedTaskSetup implements TaskSetupActivities {

  private final TaskSetupActivities setup;
  private final BuildProvenance build;

  /**
   * @param setup the setup that pins profile, bundle and route
   * @param build this worker's build
   */
  public BuildStampedTaskSetup(TaskSetupActivities setup, BuildProvenance build) {
    this.setup = setup;
    this.build = build;
  }

  @Override
  public TaskPin pin(TaskRequest request) {
    return setup.pin(request).withBuild(build.commitOrNull(), build.sbomSha256OrNull());
  }

  @Override
  public String activeBundle() {
    return setup.activeBundle();
  }
}
