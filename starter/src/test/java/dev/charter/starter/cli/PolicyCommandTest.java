package dev.charter.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code charter policy ...} run in-process: output and exit code, against the real bundle. */
class PolicyCommandTest {

  static final Path BUNDLE = Path.of("../policies/src/main/resources/policies/support-desk");
  static final Path CASES = Path.of("../policies/src/test/resources/cases");

  @TempDir Path temp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CharterCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A copy of the demo bundle with one file's text replaced. */
  Path bundleCopy(String file, String from, String to) throws IOException {
    Path copy = Files.createDirectories(temp.resolve("bundle-" + System.nanoTime()));
    try (Stream<Path> files = Files.list(BUNDLE)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    Path target = copy.resolve(file);
    String text = Files.readString(target);
    assertThat(text).contains(from);
    Files.writeString(target, text.replace(from, to));
    return copy;
  }

  @Test
  void should_report_the_bundle_id_when_validating_the_demo_bundle() {
    Run run = run("policy", "validate", BUNDLE.toString());

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("valid: bundle `support-desk`", "45 policies");
  }

  @Test
  void should_name_file_and_line_and_exit_1_when_the_bundle_is_invalid() throws IOException {
    Path broken =
        bundleCopy(
            "orders.cedar", "context.input.amountCents <= 50000", "context.input.amount <= 5");

    Run run = run("policy", "validate", broken.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("orders.cedar:8:", "`input.amount`", "refund-within-limit");
  }

  @Test
  void should_pass_every_case_when_testing_the_demo_bundle() {
    Run run = run("policy", "test", BUNDLE.toString(), CASES.toString());

    assertThat(run.code()).as(run.out()).isZero();
    assertThat(run.out()).containsPattern("\\d+ cases, (\\d+) passed, 0 failed");
    assertThat(run.out()).doesNotContain("FAIL", "policies no case reaches");
  }

  @Test
  void should_fail_a_named_case_when_the_approval_threshold_is_weakened() throws IOException {
    Path weakened =
        bundleCopy(
            "orders.cedar",
            // both approval thresholds: per order and per customer per day
            "context.input.amountCents > 10000 }",
            "context.input.amountCents > 20000 }");

    Run run = run("policy", "test", weakened.toString(), CASES.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "FAIL agent_issue_refund_order-1002-10001: outcome ALLOW, expected REQUIRE_APPROVAL");
  }

  @Test
  void should_fail_a_named_case_when_the_hard_refund_limit_is_removed() throws IOException {
    Path removed =
        bundleCopy(
            "orders.cedar",
            """
            @id("refund-hard-limit")
            forbid (principal, action == Charter::Action::"issue_refund", resource)
            when { context.input.amountCents > 50000 };
            """,
            "");

    Run run = run("policy", "test", removed.toString(), CASES.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("FAIL agent_issue_refund_order-1002-50001:");
  }

  @Test
  void should_explain_the_determining_policy_and_what_approval_changes() {
    Run run =
        run(
            "policy",
            "explain",
            "--bundle",
            BUNDLE.toString(),
            CASES.resolve("APPROVAL/agent_issue_refund_order-1002-10001.json").toString());

    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains(
            "verdict: REQUIRE_APPROVAL",
            "refund-needs-lead-approval  forbid @approval(support_lead)  orders.cedar:26",
            "Refunds above 100.00 (10000 cents) in total on one order need a support lead's approval.",
            "with the approval of [support_lead] the verdict becomes ALLOW [refund-within-limit]");
  }

  @Test
  void should_show_determining_and_erroring_policies_apart_for_a_bundle_of_its_own_namespace() {
    Path treasury = Path.of("../policies/src/test/resources/bundles/treasury");
    Run run =
        run(
            "policy",
            "explain",
            "--bundle",
            treasury.toString(),
            treasury
                .resolve("cases/DENY/pay-bot_transfer_acct-1-destination-not-loaded.json")
                .toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "Treasury::Agent::\"pay-bot\" transfer Treasury::Account::\"acct-1\"",
            "verdict: DENY",
            "determining policies (of Cedar's ALLOW):",
            "  transfer-verified-within-limit  permit  treasury.cedar:2",
            "erroring policies (evaluation failed; Cedar counts them as not applying):",
            "  sanctioned-destination  treasury.cedar:",
            "fail-closed: Cedar decided ALLOW; on-policy-error=deny turns any policy error into DENY",
            "cannot help: a policy failed to evaluate");
    assertThat(run.out()).doesNotContain("error: policy");
  }

  @Test
  void should_exit_1_when_asked_to_fail_on_deny_and_the_request_is_denied() {
    Run run =
        run(
            "policy",
            "explain",
            "--fail-on-deny",
            CASES.resolve("DENY/agent_issue_refund_order-1002-50001-approved.json").toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "verdict: DENY",
            "refund-hard-limit",
            "cannot help: [refund-customer-daily-limit, refund-hard-limit]");
  }

  @Test
  void should_list_exactly_the_requests_decided_differently_when_diffing_bundles()
      throws IOException {
    Path tighter =
        bundleCopy(
            "orders.cedar",
            "when { context.input.amountCents > 50000 };",
            "when { context.input.amountCents > 20000 };");

    Run run =
        run(
            "policy",
            "diff",
            BUNDLE.toString(),
            tighter.toString(),
            "--requests",
            CASES.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out().lines().filter(l -> l.contains(": A ")).toList())
        .hasSize(2)
        .anySatisfy(
            l -> assertThat(l).startsWith("APPROVAL/agent_issue_refund_order-1002-50000.json"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("ALLOW/agent_issue_refund_order-1002-50000-approved.json"));
    assertThat(run.out()).contains("decided differently");
  }

  @Test
  void should_exit_2_naming_the_file_when_input_is_missing() {
    Run run = run("policy", "explain", temp.resolve("nope.json").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("nope.json", "does not exist");
  }
}
