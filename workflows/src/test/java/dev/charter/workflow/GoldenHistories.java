package dev.charter.workflow;

import dev.charter.codec.CharterDataConverter;
import dev.charter.codec.PayloadKeys;
import dev.charter.contract.TaskRequest;
import io.temporal.api.common.v1.Payloads;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The committed golden histories: {@code src/test/resources/golden/*.json} of this module, read
 * from the source tree so a freshly regenerated file is replayed without a resources copy.
 *
 * <p>Replay must be given each golden's workflow id: the loop checks that the request's {@code
 * taskId} equals {@code Workflow.getInfo().getWorkflowId()}, and a history read without an id
 * replays under the placeholder {@code workflow_id_in_replay}, so it would fail as {@code
 * InvalidTask}. The id is taken from the {@code taskId} of the recorded start input, or, when that
 * is absent, from the file name without {@code .json} (the recorder names files that way).
 *
 * <p>Regenerate the {@code mock-*} goldens with {@code ./mvnw -B -o -pl workflows test
 * -Dtest=GoldenHistoryRecorderTest -Dcharter.golden.regenerate=true}. Never overwrite a golden to
 * make the replay test pass after a loop change: keep it, and put the change behind {@code
 * Workflow.getVersion}.
 */
final class GoldenHistories {

  /** Set to {@code true} to record the mock scenarios' histories into the golden directory. */
  static final String REGENERATE_PROPERTY = "charter.golden.regenerate";

  private GoldenHistories() {}

  /**
   * The converter goldens are read (and encrypted goldens written) with: the test-only golden key
   * of {@code golden-payload-keys}; plaintext goldens pass through its decode unchanged.
   */
  static DataConverter converter() {
    Path keys = file("golden-payload-keys");
    try {
      return CharterDataConverter.encrypted(
          PayloadKeys.parse(Files.readString(keys, StandardCharsets.UTF_8), keys.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the golden payload key " + keys, e);
    }
  }

  /** Surefire runs tests in the module directory and also says so in {@code basedir}. */
  static Path directory() {
    return Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "golden");
  }

  static Path file(String name) {
    return directory().resolve(name);
  }

  /** Every golden history file, sorted by name. */
  static List<Path> all() {
    Path dir = directory();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list golden histories in " + dir, e);
    }
  }

  /** Reads a golden under its own workflow id. */
  static WorkflowExecutionHistory read(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden history " + file, e);
    }
    return WorkflowExecutionHistory.fromJson(
        json, workflowId(WorkflowExecutionHistory.fromJson(json), file));
  }

  private static String workflowId(WorkflowExecutionHistory history, Path file) {
    Payloads input =
        history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getInput();
    if (input.getPayloadsCount() > 0) {
      TaskRequest request =
          converter().fromPayload(input.getPayloads(0), TaskRequest.class, TaskRequest.class);
      if (request != null && request.taskId() != null) {
        return request.taskId();
      }
    }
    return file.getFileName().toString().replaceFirst("\\.json$", "");
  }

  /** Set to {@code true} to replace a golden on purpose (never to make a replay failure pass). */
  static final String OVERWRITE_PROPERTY = "charter.golden.overwrite";

  /**
   * Writes a finished task's history as {@code <workflowId>.json}; returns the file. A golden is a
   * frozen record of what old code did: an existing file is refused unless {@value
   * #OVERWRITE_PROPERTY} is {@code true}, so regenerating cannot silently replace the history that
   * proves old tasks still replay.
   */
  static Path export(WorkflowClient client, String workflowId) {
    return export(client, workflowId, null);
  }

  /** Writes run {@code runId} of the workflow (the latest when null) as its golden. */
  static Path export(WorkflowClient client, String workflowId, String runId) {
    Path target = file(workflowId + ".json");
    refuseOverwrite(target, Boolean.getBoolean(OVERWRITE_PROPERTY));
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(
          target,
          client.fetchHistory(workflowId, runId).toJson(true) + "\n",
          StandardCharsets.UTF_8);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write golden history " + target, e);
    }
  }

  static void refuseOverwrite(Path target, boolean overwrite) {
    if (Files.exists(target) && !overwrite) {
      throw new IllegalStateException(
          "golden history "
              + target
              + " exists and is frozen: keep it and record the changed behaviour under a new"
              + " scenario name, or pass -D"
              + OVERWRITE_PROPERTY
              + "=true to replace it on purpose");
    }
  }
}
