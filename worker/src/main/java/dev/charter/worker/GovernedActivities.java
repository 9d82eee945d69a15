package dev.charter.worker;

import dev.charter.activity.AuditActivities;
import dev.charter.activity.AuthorizationActivities;
import dev.charter.activity.InferenceActivities;
import dev.charter.activity.PerceptionActivities;
import dev.charter.activity.TaskSetupActivities;
import dev.charter.activity.ToolActivities;

/** The activity implementations one worker registers, one per stage of the governed step. */
public record GovernedActivities(
    TaskSetupActivities setup,
    PerceptionActivities perception,
    AuthorizationActivities authorization,
    InferenceActivities inference,
    ToolActivities tools,
    AuditActivities audit) {}
