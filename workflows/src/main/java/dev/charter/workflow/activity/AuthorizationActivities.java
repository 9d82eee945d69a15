package dev.charter.workflow.activity;

import dev.charter.contract.CompensationAuthorizationRequest;
import dev.charter.contract.ModelAuthorizationRequest;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.ToolAuthorizationRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Cedar decisions for agents. Run as local activities: in-process, no I/O. */
@ActivityInterface
public interface AuthorizationActivities {

  /** Keeps the backends of the pinned route that this step's data may reach. */
  @ActivityMethod
  RouteDecision authorizeModel(ModelAuthorizationRequest request);

  /**
   * ALLOW, DENY or REQUIRE_APPROVAL for one proposed tool call; an ALLOW verdict for a request that
   * names its call index carries the signed permit the tool needs to run it.
   */
  @ActivityMethod
  PolicyVerdict authorizeTool(ToolAuthorizationRequest request);

  /**
   * The verdict on a registered compensation (a Cedar action such as {@code reverse_refund}); an
   * ALLOW verdict carries the permit the tool needs to run it.
   */
  @ActivityMethod
  PolicyVerdict authorizeCompensation(CompensationAuthorizationRequest request);
}
