package dev.charter.workflow.activity;

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

  /** ALLOW, DENY or REQUIRE_APPROVAL for one proposed tool call. */
  @ActivityMethod
  PolicyVerdict authorizeTool(ToolAuthorizationRequest request);
}
