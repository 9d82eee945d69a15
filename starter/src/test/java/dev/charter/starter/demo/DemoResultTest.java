package dev.charter.starter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.audit.ChainVerification;
import dev.charter.contract.Outcome;
import dev.charter.contract.StepRecord;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.demo.DemoRunner.DemoResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A demo ticket is judged by its path, not only by how it ended. */
class DemoResultTest {

  private static final DemoTicket LARGE_REFUND =
      DemoTicket.all().stream().filter(t -> t.name().equals("large-refund")).findFirst().get();

  private static final ChainVerification VALID = new ChainVerification(true, 26, "h", null, null);

  private static StepRecord call(String intent, String tool, Outcome outcome, String... policies) {
    return new StepRecord(
        1, "in-process-intent", intent, tool, "t", outcome, List.of(policies), null, "done");
  }

  private static TaskStatus completed(List<StepRecord> path) {
    return new TaskStatus(
        "demo-large-refund",
        TaskState.COMPLETED,
        path.size(),
        null,
        null,
        path,
        path.size(),
        0,
        0,
        List.of("in-process-intent"),
        List.of(),
        "done",
        null,
        26,
        "h");
  }

  private static List<StepRecord> expectedPath(String intent, String refundPolicy) {
    return List.of(
        call(intent, "lookup_order", Outcome.ALLOW, "lookup-order"),
        call(intent, "issue_refund", Outcome.REQUIRE_APPROVAL, refundPolicy),
        call(
            intent,
            "send_customer_email",
            Outcome.REQUIRE_APPROVAL,
            "email-customer-data-needs-approval"),
        new StepRecord(4, "in-process-intent", intent, null, null, null, List.of(), null, "ok"));
  }

  @Test
  void should_accept_the_expected_path() {
    DemoResult result =
        new DemoResult(
            LARGE_REFUND, completed(expectedPath("refund", "refund-needs-lead-approval")), VALID);

    assertThat(result.pathProblem()).isNull();
    assertThat(result.asExpected()).isTrue();
  }

  @Test
  void should_refuse_a_ticket_that_ends_as_expected_after_reading_the_wrong_intent() {
    DemoResult result =
        new DemoResult(
            LARGE_REFUND,
            completed(expectedPath("order_status", "refund-needs-lead-approval")),
            VALID);

    assertThat(result.asExpected()).isFalse();
    assertThat(result.pathProblem()).isEqualTo("intent order_status, expected refund");
  }

  @Test
  void should_refuse_a_call_decided_by_another_rule_or_a_missing_call() {
    DemoResult otherRule =
        new DemoResult(
            LARGE_REFUND,
            completed(expectedPath("refund", "refund-tainted-step-needs-approval")),
            VALID);
    DemoResult shorter =
        new DemoResult(
            LARGE_REFUND,
            completed(expectedPath("refund", "refund-needs-lead-approval").subList(0, 2)),
            VALID);

    assertThat(otherRule.asExpected()).isFalse();
    assertThat(otherRule.pathProblem())
        .startsWith("call 2 issue_refund REQUIRE_APPROVAL [refund-tainted-step-needs-approval]");
    assertThat(shorter.asExpected()).isFalse();
    assertThat(shorter.pathProblem()).startsWith("calls [");
  }
}
