/**
 * Model inference: {@link dev.charter.activities.inference.RoutingInferenceActivities}, the router
 * behind {@link dev.charter.workflow.activity.InferenceActivities}, tries the step's permitted
 * backends ({@link dev.charter.activities.inference.ModelBackend}: the open-weight intent model in
 * process, OpenAI-compatible servers, OpenAI, Anthropic) under a circuit breaker, bulkhead and time
 * limiter each; {@link dev.charter.activities.inference.CanaryRoutes} holds canary splits, kill
 * switches and automatic rollback; shadow records and route changes go to the ledger through {@link
 * dev.charter.activities.inference.RouteJournal}. See docs/routing.md.
 */
package dev.charter.activities.inference;
