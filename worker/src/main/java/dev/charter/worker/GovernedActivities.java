package dev.charter.worker;

import dev.charter.workflow.activity.AuditActivities;
import dev.charter.workflow.activity.AuthorizationActivities;
import dev.charter.workflow.activity.InferenceActivities;
import dev.charter.workflow.activity.PerceptionActivities;
import dev.charter.workflow.activity.TaskSetupActivities;
import dev.charter.workflow.activity.ToolActivities;

/** The activity implementations one worker registers, one per stage of the governed step. */
public record GovernedActivities(
    TaskSetupActivities setup,
    PerceptionActivities perception,
    AuthorizationActivities authorization,
    InferenceActivities inference,
    ToolActivities tools,
    AuditActivities audit) {}
