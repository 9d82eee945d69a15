package dev.charter.activities.shop;

import static dev.charter.activities.shop.ShopDatabaseFixture.count;
import static dev.charter.activities.shop.ShopDatabaseFixture.refundedCents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.authorization.AuthorizationListener;
import dev.charter.activities.authorization.CallerClaims;
import dev.charter.activities.authorization.CedarAuthorizationActivities;
import dev.charter.contract.Budgets;
import dev.charter.contract.Compensation;
import dev.charter.contract.CompensationAuthorizationRequest;
import dev.charter.contract.DataLabels;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
import dev.charter.policy.BundleException;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.PolicyEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every effect authorized, end to end on the real demo bundle, Cedar and the H2 shop: the
 * authorizer's ALLOW carries the permit the tool accepts; a compensation is a Cedar action
 * (reverse_refund) decided on the refund's row, permitted when allowed, refused when not.
 */
class GovernedEffectsTest {

  private static final DataLabels INTERNAL = new DataLabels("INTERNAL", List.of(), "us");

  @TempDir Path directory;

  private DataSource shop;
  private CedarAuthorizationActivities authorizer;
  private ShopToolActivities tools;
  private TaskPin pin;

  @BeforeEach
  void setUp() throws BundleException {
    shop = ShopDatabaseFixture.h2File(directory);
    PolicyEngine engine = new PolicyEngine(PolicyBundle.loadClasspath("policies/support-desk"));
    authorizer =
        new CedarAuthorizationActivities(
            new BundleRegistry(engine.bundle()),
            new ShopResources(shop, ShopDatabase.DEMO_TENANT),
            AuthorizationListener.NONE,
            TestPermits.PERMITS);
    tools = new ShopToolActivities(shop, TestPermits.PERMITS);
    pin =
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
  }

  private static ToolCall refund(String orderId, String cents) {
    return new ToolCall(
        "issue_refund",
        "Shop::Order::\"" + orderId + "\"",
        Map.of("orderId", orderId, "amountCents", cents));
  }

  private ToolResult allowedRefund(String taskId) {
    ToolCall call = refund("1002", "2500");
    PolicyVerdict verdict =
        authorizer.authorizeTool(
            new ToolAuthorizationRequest(
                taskId, 1, pin, call, INTERNAL, false, List.of(), 0, CallerClaims.fieldsOf(call)));
    assertThat(verdict.outcome()).isEqualTo(Outcome.ALLOW);
    return tools.execute(new ToolInvocation(taskId, 1, taskId + "/1/0", call, verdict.permit()));
  }

  @Test
  void should_run_the_tool_with_the_permit_of_cedars_allow() {
    ToolResult result = allowedRefund("t-allow");

    assertThat(result.output()).containsEntry("amountCents", "2500");
    assertThat(refundedCents(shop, "1002")).isEqualTo(2500);
  }

  @Test
  void should_issue_no_permit_when_cedar_does_not_allow_or_the_call_index_is_unknown() {
    PolicyVerdict approval =
        authorizer.authorizeTool(
            new ToolAuthorizationRequest(
                "t",
                1,
                pin,
                refund("1004", "20000"),
                INTERNAL,
                false,
                List.of(),
                0,
                CallerClaims.fieldsOf(refund("1004", "20000"))));
    PolicyVerdict unindexed =
        authorizer.authorizeTool(
            new ToolAuthorizationRequest(
                "t",
                1,
                pin,
                refund("1002", "2500"),
                INTERNAL,
                false,
                List.of(),
                null,
                CallerClaims.fieldsOf(refund("1002", "2500"))));

    assertThat(approval.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
    assertThat(approval.permit()).isNull();
    assertThat(unindexed.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(unindexed.permit()).isNull();
  }

  @Test
  void should_authorize_and_permit_the_compensation_of_an_applied_refund() {
    Compensation undo = allowedRefund("t-undo").compensation();

    PolicyVerdict verdict =
        authorizer.authorizeCompensation(
            new CompensationAuthorizationRequest("t-undo", 2, pin, undo));
    ToolResult reversed = tools.compensate(undo.withPermit(verdict.permit()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(verdict.determiningPolicies()).containsExactly("reverse-refund");
    // decided on the refund's row, recorded with the verdict
    assertThat(verdict.facts())
        .extracting(f -> f.entity())
        .contains(undo.call().target(), "Shop::Order::\"1002\"");
    assertThat(reversed.output()).containsEntry("status", "reversed");
    assertThat(refundedCents(shop, "1002")).isZero();
  }

  @Test
  void should_refuse_the_compensation_without_a_permit_when_policy_denies_it() {
    Compensation undo = allowedRefund("t-refused").compensation();
    // someone else already reversed the refund: a second reversal is a conflict for a human
    tools.compensate(
        new Compensation(undo.call(), "operator/undo", undo.forKey())
            .withPermit(
                authorizer
                    .authorizeCompensation(
                        new CompensationAuthorizationRequest(
                            "t-refused",
                            2,
                            pin,
                            new Compensation(undo.call(), "operator/undo", undo.forKey())))
                    .permit()));

    PolicyVerdict verdict =
        authorizer.authorizeCompensation(
            new CompensationAuthorizationRequest("t-refused", 2, pin, undo));

    assertThat(verdict.outcome()).isEqualTo(Outcome.DENY);
    assertThat(verdict.determiningPolicies()).containsExactly("reverse-refund-applied-only");
    assertThat(verdict.permit()).isNull();
    assertThat(
            count(
                shop,
                "SELECT COUNT(*) FROM tool_execution WHERE idempotency_key = ?",
                undo.idempotencyKey()))
        .isZero();
  }
}
