package dev.charter.starter.cli;

import com.google.protobuf.util.JsonFormat;
import dev.charter.codec.AesGcmPayloadCodec;
import dev.charter.codec.PayloadKeys;
import dev.charter.workflow.AgentTaskWorkflowImpl;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code charter replay <history.json | taskId>}: replays a task's history against this build's
 * workflow code. A file is the JSON {@code temporal workflow show --output json} prints (the proto
 * JSON of a History); anything else is a task id whose history is fetched from Temporal.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a task's history against this build's AgentTask workflow code, proving the code",
      "would carry that task on without nondeterminism. Accepts the JSON `temporal workflow show",
      "--output json` prints, or a task id (its history is fetched from --address). Exit 0 when",
      "it replays, 1 on nondeterminism, 2 on bad input (unreadable file, unknown task)."
    })
final class ReplayCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<history.json | taskId>")
  String source;

  @Option(
      names = "--address",
      defaultValue = "127.0.0.1:7233",
      description = "Temporal frontend for a task id (default: ${DEFAULT-VALUE})")
  String address;

  @Option(
      names = "--namespace",
      defaultValue = "default",
      description = "Temporal namespace (default: ${DEFAULT-VALUE})")
  String namespace;

  @Option(
      names = "--data-dir",
      description =
          "data directory whose dev payload key reads a `charter dev` history (default"
              + " ~/.charter/data)")
  Path dataDir = Path.of(System.getProperty("user.home"), ".charter", "data");

  @CommandLine.Mixin PayloadKeyOptions payloadKeys = new PayloadKeyOptions();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    WorkflowExecutionHistory history = load();
    int events = history.getHistory().getEventsCount();
    Optional<DataConverter> converter = payloadKeys.converter(dataDir);
    if (converter.isEmpty() && encrypted(history)) {
      throw new IllegalArgumentException(
          "the history's payloads are encrypted ("
              + AesGcmPayloadCodec.ENCODING
              + ") and no payload key was found: set $"
              + PayloadKeys.ENVIRONMENT
              + ", --payload-key-file, or --data-dir of the `charter dev` that ran it");
    }
    try {
      replay(history, converter);
    } catch (Exception e) {
      err.println(
          "replay of `"
              + history.getWorkflowExecution().getWorkflowId()
              + "` failed ("
              + events
              + " events): "
              + e.getMessage());
      err.flush();
      return 1;
    }
    out.println(
        "replayed `"
            + history.getWorkflowExecution().getWorkflowId()
            + "`: "
            + events
            + " events, no nondeterminism");
    out.flush();
    return 0;
  }

  /**
   * Encrypted histories replay through the keys' converter: the workflow code reads its inputs and
   * results as it did when it ran. Without a key, only plaintext histories replay.
   */
  private static void replay(WorkflowExecutionHistory history, Optional<DataConverter> converter)
      throws Exception {
    if (converter.isEmpty()) {
      WorkflowReplayer.replayWorkflowExecution(history, AgentTaskWorkflowImpl.class);
      return;
    }
    try (TestWorkflowEnvironment replayer =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder().setDataConverter(converter.get()).build())
                .build())) {
      WorkflowReplayer.replayWorkflowExecution(history, replayer, AgentTaskWorkflowImpl.class);
    }
  }

  /** Whether any payload of the history carries the encrypted encoding. */
  private static boolean encrypted(WorkflowExecutionHistory history) throws IOException {
    String encoding =
        Base64.getEncoder()
            .encodeToString(AesGcmPayloadCodec.ENCODING.getBytes(StandardCharsets.UTF_8));
    return JsonFormat.printer().print(history.getHistory()).contains(encoding);
  }

  private WorkflowExecutionHistory load() throws IOException {
    Path file = Path.of(source);
    if (Files.isRegularFile(file)) {
      String json = Files.readString(file);
      try {
        WorkflowExecutionHistory history =
            WorkflowExecutionHistory.fromJson(json, workflowId(file));
        if (history.getHistory().getEventsCount() == 0) {
          throw new IllegalArgumentException("history file `" + file + "` holds no events");
        }
        return history;
      } catch (RuntimeException e) {
        if (e instanceof IllegalArgumentException bad && bad.getMessage().startsWith("history")) {
          throw bad;
        }
        throw new IllegalArgumentException(
            "history file `"
                + file
                + "` is not the JSON of `temporal workflow show --output json`: "
                + e.getMessage(),
            e);
      }
    }
    if (source.endsWith(".json")) {
      throw new IllegalArgumentException("history file `" + source + "` does not exist");
    }
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
      return client.fetchHistory(source);
    } catch (WorkflowNotFoundException e) {
      throw new IllegalArgumentException(
          "no task `" + source + "` in namespace `" + namespace + "` at " + address, e);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new IllegalArgumentException(
            "no task `" + source + "` in namespace `" + namespace + "` at " + address, e);
      }
      throw e;
    } finally {
      stubs.shutdown();
    }
  }

  /** The history file names no workflow id; the replay takes the file's name for one. */
  private static String workflowId(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
  }
}
