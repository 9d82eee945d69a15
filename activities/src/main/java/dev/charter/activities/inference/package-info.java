/**
 * Model inference inside the worker: the open-weight intent model as the {@code in_process} backend
 * of {@link dev.charter.activity.InferenceActivities}, turning an intent into the next tool call of
 * its plan.
 */
package dev.charter.activities.inference;
