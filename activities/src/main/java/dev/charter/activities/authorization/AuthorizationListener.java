package dev.charter.activities.authorization;

import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolCall;

/**
 * What authorization reports beside its verdicts: each tool verdict with the task's pin (the canary
 * monitor's deny-rate input, per-arm metrics), and each decision of a shadow policy bundle (drift).
 * Called on the activity's thread, after the verdict is made; a listener's failure is logged and
 * never changes the verdict.
 */
public interface AuthorizationListener {

  /** Reports nothing. */
  AuthorizationListener NONE = new AuthorizationListener() {};

  /** A tool call of the task pinned as {@code pin} got {@code verdict}. */
  default void toolVerdict(TaskPin pin, ToolCall call, PolicyVerdict verdict) {}

  /**
   * The shadow candidate decided an {@code action} request beside the active bundle.
   *
   * @param action {@code invoke_model} or the tool's name
   * @param activeBundle the active bundle's id
   * @param shadow the candidate's verdict and whether it agrees with the active one
   */
  default void shadowVerdict(
      String action, String activeBundle, PolicyVerdict.ShadowVerdict shadow) {}
}
