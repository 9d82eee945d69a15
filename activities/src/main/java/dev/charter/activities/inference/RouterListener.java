package dev.charter.activities.inference;

/**
 * What the router reports as it goes, for metrics: each step's outcome per route and arm, and each
 * shadow comparison. Called on the activity's thread; must be quick and must not throw.
 */
public interface RouterListener {

  /** Reports nothing. */
  RouterListener NONE = new RouterListener() {};

  /**
   * One step of a task was decided ({@code ok}) or no backend answered.
   *
   * @param route the route (agent profile) the step's backends belong to, {@code unrouted} when no
   *     configured route has them
   * @param arm {@value CanaryRoutes#CANARY} or {@value CanaryRoutes#STABLE}
   * @param ok whether a backend answered
   */
  default void decided(String route, String arm, boolean ok) {}

  /**
   * One shadow call beside a primary that answered.
   *
   * @param primary the backend acted on
   * @param shadow the shadow backend
   * @param result {@code agree}, {@code disagree} or {@code error} (the shadow failed)
   */
  default void shadowCompared(String primary, String shadow, String result) {}
}
