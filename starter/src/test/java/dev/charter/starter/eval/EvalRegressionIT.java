package dev.charter.starter.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.starter.cli.CharterCli;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate fails, naming the metric, when a regression is planted: a candidate policy bundle that
 * drops the rule sending refunds above $100 to a support lead (the shipped bundle is copied, not
 * touched), or another model version behind the in-process backend.
 */
class EvalRegressionIT {

  private static final List<String> BUNDLE_FILES =
      List.of(
          "api.cedar",
          "bundle.json",
          "bundle.sig",
          "charter.cedarschema",
          "compensations.cedar",
          "email.cedar",
          "escalation.cedar",
          "export.cedar",
          "humans.cedar",
          "models.cedar",
          "orders.cedar",
          "tenancy.cedar");

  @TempDir Path data;

  @Test
  void should_fail_the_gate_naming_the_metric_when_a_bundle_drops_the_large_refund_approval()
      throws Exception {
    Path bundle = data.resolve("candidate");
    Files.createDirectories(bundle);
    for (String file : BUNDLE_FILES) {
      try (InputStream in =
          getClass().getClassLoader().getResourceAsStream("policies/support-desk/" + file)) {
        assertThat(in).as(file).isNotNull();
        Files.write(bundle.resolve(file), in.readAllBytes());
      }
    }
    String orders = Files.readString(bundle.resolve("orders.cedar"));
    String planted = withoutPolicy(orders, "refund-needs-lead-approval");
    assertThat(planted).isNotEqualTo(orders);
    Files.writeString(bundle.resolve("orders.cedar"), planted);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        CharterCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "eval",
            "--quick",
            "--json",
            "--policy-bundle",
            bundle.toString(),
            "--data-dir",
            data.resolve("eval").toString());
    JsonNode report = new ObjectMapper().readTree(out.toString());
    List<String> regressed = new ArrayList<>();
    report.get("regressions").forEach(r -> regressed.add(r.get("metric").asText()));
    System.out.printf(
        "planted bundle: exit %d, %s of %s passed, regressed %s%n",
        exit, report.at("/metrics/passed"), report.at("/metrics/cases"), report.get("regressions"));
    assertThat(exit).as(err.toString()).isEqualTo(1);
    assertThat(report.get("gatePassed").asBoolean()).isFalse();
    assertThat(regressed).contains("pass_rate", "path_match", "pass_rate.support-desk");
    // the large refund's call names the rule that is gone
    JsonNode large = null;
    for (JsonNode c : report.get("cases")) {
      if (c.get("case").asText().equals("refund-large-plain")) {
        large = c;
      }
    }
    assertThat(large).isNotNull();
    assertThat(large.get("passed").asBoolean()).isFalse();
    assertThat(large.get("problems").toString()).contains("refund-needs-lead-approval");
  }

  @Test
  void should_fail_the_gate_naming_the_metrics_when_the_model_version_changes() throws Exception {
    // v3 abstains (hands the ticket to a human) where v1 acts: the same tickets, other paths
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        CharterCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "eval",
            "--quick",
            "--json",
            "--model",
            "v3",
            "--data-dir",
            data.resolve("eval-v3").toString());
    JsonNode report = new ObjectMapper().readTree(out.toString());
    List<String> regressed = new ArrayList<>();
    report.get("regressions").forEach(r -> regressed.add(r.get("metric").asText()));
    System.out.printf(
        "model v3: exit %d, %s of %s passed, regressed %s%n",
        exit, report.at("/metrics/passed"), report.at("/metrics/cases"), regressed);
    assertThat(exit).as(err.toString()).isEqualTo(1);
    assertThat(regressed).contains("pass_rate", "path_match", "state_match");
    assertThat(report.at("/cases/0/decisions/0/modelVersion").asText()).isEqualTo("v3");
  }

  /**
   * {@code cedar} without the policy whose {@code @id} is {@code id} (to its closing {@code ;}).
   */
  private static String withoutPolicy(String cedar, String id) {
    int start = cedar.indexOf("@id(\"" + id + "\")");
    int end = cedar.indexOf(';', start) + 1;
    return cedar.substring(0, start) + cedar.substring(end);
  }
}
