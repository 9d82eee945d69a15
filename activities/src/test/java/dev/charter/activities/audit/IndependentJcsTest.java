package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.DataLabels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recomputes a stored event's chain hash with a second, independent RFC 8785 implementation: npm
 * {@code canonicalize} 5.1.0 under Node.js, installed by the npm client into {@code
 * target/jcs-node}. Skipped with a message when Node.js is missing locally; fails under {@code
 * CI=true}, where Node.js 20 and the npm registry are there.
 */
class IndependentJcsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void should_give_the_stored_hash_when_recomputed_by_npm_canonicalize() throws Exception {
    Path modules = installCanonicalize();
    LedgerTestDatabase db = LedgerTestDatabase.h2(dir, true);
    try {
      AuditLedger ledger = db.ledger();
      String task = "independent-jcs";
      ledger.append(
          List.of(
              new AuditEvent(
                  task,
                  1,
                  1,
                  "run-1",
                  new AuditFact.ObservationPerceived(
                      "c0ffee",
                      new DataLabels("CONFIDENTIAL", List.of("email", "phone"), "eu"),
                      true,
                      List.of("ticket:ü-1", "mail \"quoted\" €"))),
              new AuditEvent(
                  task,
                  2,
                  1,
                  "run-1",
                  new AuditFact.TaskEnded(
                      dev.charter.contract.TaskState.COMPLETED,
                      1,
                      1234,
                      0.000123,
                      null,
                      "done ✓"))),
          new LedgerOrigin(task, "7", null));

      for (LedgerEntry entry : ledger.events(task)) {
        ObjectNode row = JSON.createObjectNode();
        row.put("taskId", entry.taskId());
        row.put("seq", entry.seq());
        row.put("type", entry.type());
        row.put("step", entry.step());
        row.put("workflowRunId", entry.workflowRunId());
        row.put("workflowId", entry.workflowId());
        row.put("activityId", entry.activityId());
        row.put("traceId", entry.traceId());
        row.put("schemaVersion", entry.schemaVersion());
        row.put("payload", entry.payloadJson());
        row.put("prevHash", entry.prevHash());

        assertThat(runNode(modules, JSON.writeValueAsString(row)))
            .as("hash of seq %d recomputed by npm canonicalize", entry.seq())
            .isEqualTo(entry.hash());
      }
    } finally {
      db.drop();
    }
  }

  /** {@code npm install canonicalize@5.1.0} into target/jcs-node once; the modules directory. */
  private static Path installCanonicalize() throws IOException, InterruptedException {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    boolean hasNode = run(Path.of("."), "node", "--version") == 0;
    if (!ci) {
      assumeTrue(hasNode, "Node.js is not installed: skipping the independent JCS check");
    }
    assertThat(hasNode).as("Node.js is required under CI=true").isTrue();
    Path prefix =
        Path.of(System.getProperty("basedir", "."), "target", "jcs-node").toAbsolutePath();
    Path modules = prefix.resolve("node_modules");
    if (!Files.isDirectory(modules.resolve("canonicalize"))) {
      Files.createDirectories(prefix);
      int exit =
          run(
              prefix,
              "npm",
              "install",
              "--prefix",
              prefix.toString(),
              "--no-save",
              "--no-audit",
              "--no-fund",
              "canonicalize@5.1.0");
      if (!ci) {
        assumeTrue(exit == 0, "npm could not install canonicalize@5.1.0: skipping");
      }
      assertThat(exit).as("npm install canonicalize@5.1.0").isZero();
    }
    return modules;
  }

  private static String runNode(Path modules, String stdin)
      throws IOException, InterruptedException {
    Path script =
        Path.of(
                System.getProperty("basedir", "."),
                "src",
                "test",
                "resources",
                "jcs",
                "recompute-hash.mjs")
            .toAbsolutePath();
    ProcessBuilder builder = new ProcessBuilder("node", script.toString());
    builder.environment().put("JCS_NODE_MODULES", modules.toString());
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process node = builder.start();
    node.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    node.getOutputStream().close();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
    assertThat(node.exitValue()).as("node exit").isZero();
    return out.trim();
  }

  private static int run(Path dir, String... command) throws InterruptedException {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException notInstalled) {
      return -1;
    }
  }
}
