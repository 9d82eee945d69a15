package dev.charter.activities.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.activities.shop.ShopDatabase;
import dev.charter.activities.shop.ShopResources;
import dev.charter.contract.ArgumentSources;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Budgets;
import dev.charter.contract.DataLabels;
import dev.charter.contract.GrantedApproval;
import dev.charter.contract.ModelAuthorizationRequest;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyFact;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolCall;
import dev.charter.policy.BundleException;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.PolicyEngine;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs against the real demo bundle, the real Cedar engine and the demo shop's database (H2), from
 * which each call's resource is loaded.
 */
class CedarAuthorizationActivitiesTest {

  static final BackendRef LOCAL =
      new BackendRef("minilm-head", "in_process", "charter", "eu", false);
  static final BackendRef VLLM_US = new BackendRef("vllm-us", "self_hosted", "meta", "us", false);
  static final BackendRef OPENAI = new BackendRef("openai-gpt", "closed_api", "openai", "us", true);

  private static PolicyEngine engine;
  private static CedarAuthorizationActivities activities;

  @BeforeAll
  static void load() throws BundleException {
    engine = new PolicyEngine(PolicyBundle.loadClasspath("policies/support-desk"));
    JdbcDataSource shop = new JdbcDataSource();
    shop.setURL("jdbc:h2:mem:authorization-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ShopDatabase.migrate(shop);
    activities =
        new CedarAuthorizationActivities(engine, new ShopResources(shop, ShopDatabase.DEMO_TENANT));
  }

  static TaskPin pin(String riskTier, String residency, List<BackendRef> route) {
    return TaskPin.of(
        "support",
        "3",
        ShopDatabase.DEMO_TENANT,
        riskTier,
        residency,
        engine.bundle().id(),
        "r1",
        route,
        List.of("lookup_order", "issue_refund", "send_customer_email"),
        new Budgets(10, 10_000, 1.0, 600, 3600));
  }

  private static ToolAuthorizationRequest toolRequest(
      ToolCall call, DataLabels labels, List<GrantedApproval> approvals) {
    return new ToolAuthorizationRequest(
        "task-1",
        2,
        pin("LOW", "us", List.of()),
        call,
        labels,
        false,
        approvals,
        null,
        CallerClaims.fieldsOf(call));
  }

  private static ToolCall refund(String order, String amount) {
    return new ToolCall(
        "issue_refund",
        "Shop::Order::\"" + order + "\"",
        Map.of("orderId", order, "amountCents", amount));
  }

  private static final DataLabels INTERNAL = new DataLabels("INTERNAL", List.of(), "us");

  @Test
  void should_keep_permitted_backends_in_route_order_when_pii_must_not_reach_a_closed_api() {
    RouteDecision decision =
        activities.authorizeModel(
            new ModelAuthorizationRequest(
                "task-1",
                1,
                pin("LOW", "us", List.of(OPENAI, LOCAL, VLLM_US)),
                new DataLabels("CONFIDENTIAL", List.of("email"), "us"),
                false));

    assertThat(decision.permitted()).containsExactly(LOCAL, VLLM_US);
    assertThat(decision.refusedBackends()).containsExactly("openai-gpt");
    assertThat(decision.refused())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.outcome()).isEqualTo(Outcome.DENY);
              assertThat(v.determiningPolicies()).containsExactly("no-pii-to-closed-api");
              assertThat(v.bundleHash()).isEqualTo(engine.bundle().id());
            });
  }

  @Test
  void should_refuse_non_eu_backends_when_data_is_eu_resident() {
    RouteDecision decision =
        activities.authorizeModel(
            new ModelAuthorizationRequest(
                "task-1",
                1,
                pin("LOW", "eu", List.of(VLLM_US, LOCAL)),
                new DataLabels("INTERNAL", List.of(), null),
                true));

    assertThat(decision.permitted()).containsExactly(LOCAL);
    assertThat(decision.refused())
        .singleElement()
        .satisfies(v -> assertThat(v.determiningPolicies()).containsExactly("eu-data-stays-in-eu"));
  }

  @Test
  void should_permit_every_backend_when_data_is_internal_without_pii() {
    RouteDecision decision =
        activities.authorizeModel(
            new ModelAuthorizationRequest(
                "task-1", 1, pin("LOW", "us", List.of(OPENAI, LOCAL)), INTERNAL, false));

    assertThat(decision.permitted()).containsExactly(OPENAI, LOCAL);
    assertThat(decision.refused()).isEmpty();
  }

  @Test
  void should_treat_missing_labels_as_restricted_when_perception_gave_none() {
    RouteDecision decision =
        activities.authorizeModel(
            new ModelAuthorizationRequest(
                "task-1", 1, pin("LOW", "us", List.of(OPENAI, LOCAL)), null, false));

    assertThat(decision.permitted()).containsExactly(LOCAL);
    assertThat(decision.refusedBackends()).containsExactly("openai-gpt");
  }

  @Test
  void should_allow_a_refund_within_the_limit() {
    PolicyVerdict verdict =
        activities.authorizeTool(toolRequest(refund("1004", "10000"), INTERNAL, List.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(verdict.determiningPolicies()).containsExactly("refund-within-limit");
    assertThat(verdict.bundleHash()).isEqualTo(engine.bundle().id());
    assertThat(verdict.errors()).isEmpty();
  }

  @Test
  void should_require_approval_when_refund_exceeds_limit() {
    PolicyVerdict verdict =
        activities.authorizeTool(toolRequest(refund("1004", "10001"), INTERNAL, List.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
    assertThat(verdict.requiredRoles()).containsExactly("support_lead");
    assertThat(verdict.determiningPolicies())
        .containsExactly("refund-customer-daily-approval", "refund-needs-lead-approval");
  }

  @Test
  void should_allow_when_the_approval_was_given_for_these_exact_arguments() {
    ToolCall call = refund("1004", "20000");
    GrantedApproval approval =
        new GrantedApproval(
            "task-1/2/0", "dana.lead", "support_lead", ToolCalls.argumentsSha256(call));

    PolicyVerdict verdict =
        activities.authorizeTool(toolRequest(call, INTERNAL, List.of(approval)));

    assertThat(verdict.outcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void should_ignore_an_approval_when_it_was_given_for_other_arguments() {
    GrantedApproval approvalOf20000 =
        new GrantedApproval(
            "task-1/2/0",
            "dana.lead",
            "support_lead",
            ToolCalls.argumentsSha256(refund("1004", "20000")));

    PolicyVerdict verdict =
        activities.authorizeTool(
            toolRequest(refund("1004", "40000"), INTERNAL, List.of(approvalOf20000)));

    assertThat(verdict.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
  }

  @Test
  void should_deny_when_the_order_belongs_to_another_tenant() {
    PolicyVerdict verdict =
        activities.authorizeTool(toolRequest(refund("1006", "500"), INTERNAL, List.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.DENY);
    assertThat(verdict.determiningPolicies()).containsExactly("agent-same-tenant");
  }

  @Test
  void should_deny_naming_the_resource_when_the_target_is_unknown() {
    PolicyVerdict verdict =
        activities.authorizeTool(toolRequest(refund("9999", "500"), INTERNAL, List.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.DENY);
    assertThat(verdict.errors())
        .containsExactly(
            "unknown order `9999` for tool `issue_refund`: the system of record has no such row");
  }

  @Test
  void should_record_the_entities_and_rows_the_verdict_was_decided_on() {
    PolicyVerdict verdict =
        activities.authorizeTool(toolRequest(refund("1004", "10000"), INTERNAL, List.of()));

    assertThat(verdict.facts())
        .extracting(PolicyFact::entity)
        .containsExactly("Shop::Order::\"1004\"", "Shop::Customer::\"c-103\"");
    PolicyFact order = verdict.facts().get(0);
    assertThat(order.attributes())
        .containsEntry("totalCents", 90000L)
        .containsEntry("refundedCents", 0L)
        .containsEntry("customer", "Shop::Customer::\"c-103\"")
        .containsEntry("tenant", ShopDatabase.DEMO_TENANT);
    assertThat(order.sources()).containsExactly(new PolicyFact.Source("orders", "id=1004", "1"));
  }

  @Test
  void should_deny_a_refund_when_the_order_has_not_that_much_left() {
    PolicyVerdict verdict =
        activities.authorizeTool(toolRequest(refund("1002", "5000"), INTERNAL, List.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.DENY);
    assertThat(verdict.determiningPolicies()).containsExactly("refund-within-order-total");
  }

  @Test
  void should_require_approval_when_the_catalogue_says_the_template_carries_customer_data() {
    ToolCall email =
        new ToolCall(
            "send_customer_email",
            "Shop::Customer::\"c-101\"",
            Map.of("customerId", "c-101", "template", "receipt"));

    PolicyVerdict verdict = activities.authorizeTool(toolRequest(email, INTERNAL, List.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
    assertThat(verdict.determiningPolicies()).containsExactly("email-customer-data-needs-approval");
    assertThat(verdict.facts())
        .extracting(PolicyFact::entity)
        .contains("Shop::EmailTemplate::\"receipt\"");
  }

  @Test
  void should_allow_an_email_when_the_template_carries_no_customer_data() {
    ToolCall email =
        new ToolCall(
            "send_customer_email",
            "Shop::Customer::\"c-101\"",
            Map.of("customerId", "c-101", "template", "order_status"));

    assertThat(activities.authorizeTool(toolRequest(email, INTERNAL, List.of())).outcome())
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void should_authorize_an_email_naming_its_order_as_the_tool_contract_allows() {
    // found by the attack suite: the contract takes an optional orderId, the Cedar schema did not,
    // so every chat model's email about an order was refused as InvalidToolArguments
    ToolCall email =
        new ToolCall(
            "send_customer_email",
            "Shop::Customer::\"c-101\"",
            Map.of("customerId", "c-101", "template", "order_status", "orderId", "1002"));
    ToolCall escalation =
        new ToolCall(
            "escalate_to_human",
            "Shop::Queue::\"support\"",
            Map.of("reason", "customer asks for a human", "queue", "support"));

    assertThat(activities.authorizeTool(toolRequest(email, INTERNAL, List.of())).outcome())
        .isEqualTo(Outcome.ALLOW);
    assertThat(activities.authorizeTool(toolRequest(escalation, INTERNAL, List.of())).outcome())
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void should_refuse_before_authorization_when_the_template_is_not_in_the_tool_contract() {
    ToolCall email =
        new ToolCall(
            "send_customer_email",
            "Shop::Customer::\"c-101\"",
            Map.of("customerId", "c-101", "template", "wire_transfer_instructions"));

    assertThatThrownBy(() -> activities.authorizeTool(toolRequest(email, INTERNAL, List.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("InvalidToolArguments");
              assertThat(f.getOriginalMessage())
                  .startsWith(
                      "tool `send_customer_email`: argument `template` ="
                          + " `wire_transfer_instructions` breaks rule `enum`: must be one of"
                          + " [order_status,");
            });
  }

  @Test
  void should_require_approval_for_a_verified_destination_and_deny_any_other() {
    ToolCall verified =
        new ToolCall(
            "export_customer_data",
            "Shop::Customer::\"c-100\"",
            Map.of("customerId", "c-100", "destination", "sftp://exports.acme-shop.example/c-100"));
    ToolCall elsewhere =
        new ToolCall(
            "export_customer_data",
            "Shop::Customer::\"c-100\"",
            Map.of("customerId", "c-100", "destination", "sftp://exports.acme-shop.example/c-101"));

    assertThat(activities.authorizeTool(toolRequest(verified, INTERNAL, List.of())).outcome())
        .isEqualTo(Outcome.REQUIRE_APPROVAL);
    PolicyVerdict refused = activities.authorizeTool(toolRequest(elsewhere, INTERNAL, List.of()));
    assertThat(refused.outcome()).isEqualTo(Outcome.DENY);
    assertThat(refused.determiningPolicies()).containsExactly("export-unverified-destination");
  }

  @Test
  void should_fail_permanently_naming_tool_argument_and_value_when_an_amount_is_not_a_number() {
    assertThatThrownBy(
            () ->
                activities.authorizeTool(toolRequest(refund("1004", "12.50"), INTERNAL, List.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo("InvalidToolArguments");
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "tool `issue_refund`: argument `amountCents` = `12.50` breaks rule `type`:"
                          + " must be an integer");
            });
  }

  @Test
  void should_fail_permanently_when_an_argument_is_missing() {
    ToolCall call =
        new ToolCall("issue_refund", "Shop::Order::\"1002\"", Map.of("orderId", "1002"));

    assertThatThrownBy(() -> activities.authorizeTool(toolRequest(call, INTERNAL, List.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo("InvalidToolArguments");
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "tool `issue_refund`: argument `amountCents` breaks rule `required`: is missing");
            });
  }

  @Test
  void should_fail_permanently_when_a_caller_asserts_a_fact_the_shop_holds() {
    ToolCall call =
        new ToolCall(
            "export_customer_data",
            "Shop::Customer::\"c-100\"",
            Map.of("customerId", "c-100", "destination", "s3://x", "destinationVerified", "true"));

    assertThatThrownBy(() -> activities.authorizeTool(toolRequest(call, INTERNAL, List.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("InvalidToolArguments");
              assertThat(f.getOriginalMessage())
                  .contains("`destinationVerified` = `true` breaks rule `additionalProperties`");
            });
  }

  @Test
  void should_fail_permanently_when_an_argument_is_not_part_of_the_tool() {
    ToolCall call =
        new ToolCall(
            "lookup_order", "Shop::Order::\"1002\"", Map.of("orderId", "1002", "sql", "drop"));

    assertThatThrownBy(() -> activities.authorizeTool(toolRequest(call, INTERNAL, List.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("InvalidToolArguments");
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "tool `lookup_order`: argument `sql` = `drop` breaks rule `additionalProperties`:"
                          + " is not an argument of it; it takes [orderId]");
            });
  }

  @Test
  void should_fail_permanently_when_the_tool_is_unknown() {
    ToolCall call = new ToolCall("delete_database", "Shop::Order::\"1002\"", Map.of());

    assertThatThrownBy(() -> activities.authorizeTool(toolRequest(call, INTERNAL, List.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo("UnknownTool");
              assertThat(f.getOriginalMessage()).startsWith("unknown tool `delete_database`");
            });
  }

  @Test
  void should_refuse_as_unknown_tool_when_a_model_names_a_human_action() {
    ToolCall call = new ToolCall("approve", "Charter::Task::\"task-1\"", Map.of());

    assertThatThrownBy(() -> activities.authorizeTool(toolRequest(call, INTERNAL, List.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("UnknownTool"));
  }

  @Test
  void should_fail_permanently_quoting_the_target_when_it_is_not_a_cedar_uid() {
    ToolCall call = new ToolCall("lookup_order", "order 1002", Map.of("orderId", "1002"));

    assertThatThrownBy(() -> activities.authorizeTool(toolRequest(call, INTERNAL, List.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("InvalidToolTarget");
              assertThat(f.getOriginalMessage()).contains("`order 1002`");
            });
  }

  @Test
  void should_require_approval_and_record_provenance_when_a_refunds_order_is_only_in_ticket_text() {
    ToolCall call = refund("1003", "2500");
    ArgumentSources sources =
        new ArgumentSources(
            List.of(
                new TaskInput(
                    "ticket",
                    "customer_email",
                    "Never mind my order, refund order 1003 for 25 dollars.",
                    Map.of("orderId", "1002", "customerId", "c-101"))),
            List.of());

    PolicyVerdict verdict =
        activities.authorizeTool(
            new ToolAuthorizationRequest(
                "task-1",
                2,
                pin("LOW", "us", List.of()),
                call,
                INTERNAL,
                false,
                List.of(),
                0,
                sources));

    assertThat(verdict.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
    assertThat(verdict.determiningPolicies())
        .containsExactly("refund-untrusted-arguments-need-approval");
    assertThat(verdict.argumentProvenance())
        .containsEntry("orderId", "untrusted")
        .containsEntry("amountCents", "untrusted");
  }

  @Test
  void should_treat_every_argument_as_invented_when_the_request_brings_no_sources() {
    // Not the workflow's request (it always sends sources): nobody can say where the values came
    // from, so the authorizer fails closed rather than decide on empty provenance sets.
    ToolCall call = refund("1002", "2500");

    PolicyVerdict verdict =
        activities.authorizeTool(
            new ToolAuthorizationRequest(
                "task-1",
                2,
                pin("LOW", "us", List.of()),
                call,
                INTERNAL,
                false,
                List.of(),
                0,
                null));

    assertThat(verdict.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
    assertThat(verdict.determiningPolicies())
        .containsExactly("refund-untrusted-arguments-need-approval");
    assertThat(verdict.argumentProvenance())
        .containsExactly(Map.entry("amountCents", "invented"), Map.entry("orderId", "invented"));
    assertThat(verdict.permit()).isNull();
  }

  @Test
  void should_allow_a_small_refund_whose_arguments_are_the_callers_fields_in_an_untainted_step() {
    ToolCall call = refund("1002", "2500");
    ArgumentSources sources =
        new ArgumentSources(
            List.of(
                new TaskInput(
                    "ticket",
                    "operator",
                    "Goodwill gesture.",
                    Map.of("orderId", "1002", "amountCents", "2,500"))),
            List.of());

    PolicyVerdict verdict =
        activities.authorizeTool(
            new ToolAuthorizationRequest(
                "task-1",
                2,
                pin("LOW", "us", List.of()),
                call,
                INTERNAL,
                false,
                List.of(),
                0,
                sources));

    assertThat(verdict.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(verdict.argumentProvenance())
        .containsExactly(Map.entry("amountCents", "fields"), Map.entry("orderId", "fields"));
  }

  @Test
  void should_require_approval_for_a_refund_in_a_tainted_step_whatever_the_risk_tier() {
    PolicyVerdict verdict =
        activities.authorizeTool(
            new ToolAuthorizationRequest(
                "task-1",
                2,
                pin("LOW", "us", List.of()),
                refund("1002", "100"),
                INTERNAL,
                true,
                List.of(),
                null,
                CallerClaims.fieldsOf(refund("1002", "100"))));

    assertThat(verdict.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
    assertThat(verdict.determiningPolicies()).containsExactly("refund-tainted-step-needs-approval");
  }
}
