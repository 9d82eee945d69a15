package dev.charter.activities.shop;

import dev.charter.activities.authorization.AuthorizationListener;
import dev.charter.activities.authorization.CallerClaims;
import dev.charter.activities.authorization.CedarAuthorizationActivities;
import dev.charter.contract.ArgumentSources;
import dev.charter.contract.Budgets;
import dev.charter.contract.DataLabels;
import dev.charter.contract.GrantedApproval;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import dev.charter.policy.BundleException;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.PolicyEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The split-refund attack on a real shop database: the same small refund asked for again and again
 * on one order, each call authorized by the demo bundle on facts loaded from the database and run
 * by the real tool when allowed.
 */
final class SplitRefunds {

  private SplitRefunds() {}

  /** What happened to one attempt: the first verdict, and whether money moved. */
  record Attempt(Outcome verdict, List<String> determiningPolicies, boolean executed) {}

  /**
   * Asks {@code times} times for a refund of {@code amountCents} on {@code orderId}.
   *
   * @param leadApproves whether a support lead approves what needs approval (then it is asked again
   *     with the approval and run if allowed)
   */
  static List<Attempt> run(
      DataSource shop, String orderId, String amountCents, int times, boolean leadApproves)
      throws BundleException {
    PolicyEngine engine = new PolicyEngine(PolicyBundle.loadClasspath("policies/support-desk"));
    CedarAuthorizationActivities authorizer =
        new CedarAuthorizationActivities(
            new BundleRegistry(engine.bundle()),
            new ShopResources(shop, ShopDatabase.DEMO_TENANT),
            AuthorizationListener.NONE,
            TestPermits.PERMITS);
    ShopToolActivities tools = new ShopToolActivities(shop, TestPermits.PERMITS);
    TaskPin pin =
        TaskPin.of(
            "support-agent",
            "1",
            ShopDatabase.DEMO_TENANT,
            "MEDIUM",
            "us",
            engine.bundle().id(),
            "r1",
            List.of(),
            List.of("issue_refund"),
            new Budgets(20, 10_000, 1.0, 600, 3600));
    ToolCall call =
        new ToolCall(
            "issue_refund",
            "Shop::Order::\"" + orderId + "\"",
            Map.of("orderId", orderId, "amountCents", amountCents));
    DataLabels labels = new DataLabels("INTERNAL", List.of(), "us");
    // the amount and order are the caller's fields: each refund is decided on the order's facts
    ArgumentSources fields = CallerClaims.fieldsOf(call);
    List<Attempt> attempts = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      PolicyVerdict first =
          authorizer.authorizeTool(
              new ToolAuthorizationRequest(
                  "split", i + 1, pin, call, labels, false, List.of(), 0, fields));
      PolicyVerdict counting = first;
      if (first.outcome() == Outcome.REQUIRE_APPROVAL && leadApproves) {
        GrantedApproval approval =
            new GrantedApproval(
                "split/" + (i + 1) + "/0", "dana.lead", "support_lead", call.argumentsSha256());
        counting =
            authorizer.authorizeTool(
                new ToolAuthorizationRequest(
                    "split", i + 1, pin, call, labels, false, List.of(approval), 0, fields));
      }
      boolean executed = counting.outcome() == Outcome.ALLOW;
      if (executed) {
        // the permit of the verdict that allowed it, as the workflow hands it on
        tools.execute(
            new ToolInvocation("split", i + 1, "split/" + (i + 1) + "/0", call, counting.permit()));
      }
      attempts.add(new Attempt(first.outcome(), first.determiningPolicies(), executed));
    }
    return attempts;
  }
}
