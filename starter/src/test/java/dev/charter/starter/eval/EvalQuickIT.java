package dev.charter.starter.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.starter.cli.CharterCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code charter eval --quick}: the gate that runs inside {@code ./mvnw verify}. */
class EvalQuickIT {

  @TempDir Path data;

  @Test
  void should_hold_the_quick_cases_to_the_baseline_and_write_the_html_report() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path html = data.resolve("report.html");
    long started = System.nanoTime();
    int exit =
        CharterCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "eval",
            "--quick",
            "--json",
            "--html",
            html.toString(),
            "--data-dir",
            data.resolve("eval").toString());
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    JsonNode report = new ObjectMapper().readTree(out.toString());
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "eval-quick.json"), out.toString());
    System.out.printf(
        "eval --quick: exit %d in %d s, %s of %s passed, regressions %s%n",
        exit,
        seconds,
        report.at("/metrics/passed"),
        report.at("/metrics/cases"),
        report.get("regressions"));
    assertThat(exit).as(err.toString()).isZero();
    assertThat(report.get("baselineCovers").asBoolean()).isTrue();
    assertThat(report.get("regressions")).isEmpty();
    assertThat(report.at("/metrics/values/auditability").asDouble()).isEqualTo(1.0);
    assertThat(report.at("/metrics/values/high_risk_unapproved").asDouble()).isZero();
    assertThat(Files.readString(html)).contains("<svg").contains("Confusion matrix");
  }
}
