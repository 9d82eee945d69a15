package dev.charter.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.TestStack;
import dev.charter.starter.codec.RemoteCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.RawValue;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code temporal workflow ...} example of {@code docs/temporal.md}, in order, against a
 * real embedded stack, each payload sent as the Temporal CLI encodes it: metadata {@code encoding:
 * json/plain} and the {@code --input} text as the data bytes. {@code show --output json} is the
 * History's proto JSON, which {@code charter replay} then replays.
 */
class TemporalDocIT {

  static final Path DOC = Path.of("../docs/temporal.md");

  @TempDir Path data;

  /** One CLI command: its verb ({@code start}, {@code update execute}, ...) and its options. */
  record CliCommand(String verb, Map<String, String> options, String text) {}

  /** The {@code temporal workflow} commands of the doc's bash blocks, continuation lines joined. */
  static List<CliCommand> examples() throws Exception {
    List<CliCommand> commands = new ArrayList<>();
    boolean inBash = false;
    StringBuilder line = new StringBuilder();
    for (String raw : Files.readAllLines(DOC)) {
      if (raw.startsWith("```")) {
        inBash = raw.equals("```bash");
        continue;
      }
      if (!inBash) {
        continue;
      }
      if (raw.endsWith("\\")) {
        line.append(raw, 0, raw.length() - 1).append(' ');
        continue;
      }
      line.append(raw);
      String command = line.toString().trim();
      line.setLength(0);
      if (command.startsWith("temporal workflow ")) {
        commands.add(parse(command));
      }
    }
    return commands;
  }

  /**
   * Splits as a POSIX shell would for these commands: words, single- and double-quoted strings,
   * {@code >}. Variables are left as written.
   */
  static CliCommand parse(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    char quote = 0;
    boolean any = false;
    for (char c : command.toCharArray()) {
      if ((c == '\'' || c == '"') && (!quoted || c == quote)) {
        quoted = !quoted;
        quote = quoted ? c : 0;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          words.add(word.toString());
        }
        word.setLength(0);
        any = false;
      } else {
        word.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(word.toString());
    }
    assertThat(quoted).as("unbalanced quote in %s", command).isFalse();
    int i = 2;
    StringBuilder verb = new StringBuilder(words.get(i++));
    if (verb.toString().equals("update")) {
      verb.append(' ').append(words.get(i++));
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals(">")) {
        options.put(">", words.get(++i));
      } else if (w.startsWith("--")) {
        options.put(w, words.get(++i));
      }
    }
    return new CliCommand(verb.toString(), options, command);
  }

  /** What the CLI sends for {@code --input '<text>'}. */
  static RawValue cliInput(String text) {
    return new RawValue(
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFrom(text, StandardCharsets.UTF_8))
            .build());
  }

  /**
   * The client the example's options make: with {@code --codec-endpoint}, payloads go through the
   * stack's codec server over HTTP with the example's {@code --codec-auth} as the {@code
   * Authorization} header ({@code $CHARTER_TOKEN}: dana.lead's dev token), as the CLI sends them;
   * without it, they are passed as stored.
   */
  static WorkflowClient client(WorkflowServiceStubs stubs, TestStack stack, CliCommand example) {
    Map<String, String> o = example.options();
    String endpoint = o.get("--codec-endpoint");
    if (endpoint == null) {
      assertThat(example.verb()).as("only `show` runs without the codec").isEqualTo("show");
      return WorkflowClient.newInstance(stubs);
    }
    assertThat(endpoint).as(example.text()).isEqualTo("http://127.0.0.1:8080/codec");
    String auth = o.get("--codec-auth").replace("$CHARTER_TOKEN", stack.token("dana.lead"));
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setDataConverter(
                RemoteCodec.converter(
                    "http://127.0.0.1:" + stack.httpPort + "/codec", Map.of("Authorization", auth)))
            .build());
  }

  /** What the doc's {@code curl ... /approval-token | jq -r .token} prints. */
  static String approvalToken(TestStack stack, String taskId, String approvalId) throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:"
                                + stack.httpPort
                                + "/api/tasks/"
                                + taskId
                                + "/approval-token"))
                    .header("Authorization", "Bearer " + stack.token("dana.lead"))
                    .header("Content-Type", "application/json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            TaskCommand.JSON.writeValueAsString(Map.of("approvalId", approvalId))))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TaskCommand.JSON.readTree(response.body()).path("token").asText();
  }

  @Test
  void should_run_every_temporal_cli_example_of_the_doc() throws Exception {
    List<CliCommand> examples = examples();
    assertThat(examples)
        .extracting(CliCommand::verb)
        .contains("start", "query", "update execute", "signal", "show");

    try (TestStack stack = TestStack.embedded(data, Map.of())) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget("127.0.0.1:" + stack.temporalPort)
                  .build());
      try {
        for (CliCommand example : examples) {
          Map<String, String> o = example.options();
          assertThat(o.get("--address")).as(example.text()).isEqualTo("127.0.0.1:7233");
          WorkflowClient client = client(stubs, stack, example);
          String id = o.get("--workflow-id");
          switch (example.verb()) {
            case "start" -> {
              WorkflowStub stub =
                  client.newUntypedWorkflowStub(
                      o.get("--type"),
                      WorkflowOptions.newBuilder()
                          .setWorkflowId(id)
                          .setTaskQueue(o.get("--task-queue"))
                          .build());
              stub.start(cliInput(o.get("--input")));
            }
            case "query" -> {
              // The doc says the task waits for approval when it is queried.
              stack.awaitApproval(id);
              RawValue answer =
                  client.newUntypedWorkflowStub(id).query(o.get("--type"), RawValue.class);
              assertThat(answer.getPayload().getData().toStringUtf8())
                  .contains("\"state\":\"WAITING_APPROVAL\"", "\"approvalId\":\"" + id + "/2/0\"");
            }
            case "update execute" -> {
              String approvalId =
                  TaskCommand.JSON.readTree(o.get("--input")).path("approvalId").asText();
              stack.awaitStatus(
                  id,
                  s ->
                      s.pendingApproval() != null
                          && s.pendingApproval().approvalId().equals(approvalId));
              String input = o.get("--input");
              if (input.contains("$APPROVAL_TOKEN")) {
                // as the doc's curl line: POST .../approval-token as $CHARTER_TOKEN (dana.lead)
                input = input.replace("$APPROVAL_TOKEN", approvalToken(stack, id, approvalId));
              }
              RawValue answer =
                  client
                      .newUntypedWorkflowStub(id)
                      .update(o.get("--name"), RawValue.class, cliInput(input));
              assertThat(answer.getPayload().getData().toStringUtf8())
                  .as(example.text())
                  .isNotEmpty();
            }
            case "signal" -> {
              stack.awaitApproval(id);
              client.newUntypedWorkflowStub(id).signal(o.get("--name"), cliInput(o.get("--input")));
              assertThat(client.newUntypedWorkflowStub(id).getResult(TaskStatus.class).state())
                  .isEqualTo(TaskState.CANCELLED);
            }
            case "show" -> {
              TaskStatus end =
                  client(stubs, stack, examples.get(0))
                      .newUntypedWorkflowStub(id)
                      .getResult(TaskStatus.class);
              assertThat(end.state()).isEqualTo(TaskState.REJECTED);
              assertThat(end.compensations()).isNotEmpty();
              assertThat(o.get("--output")).isEqualTo("json");
              Path file = data.resolve(o.get(">"));
              Files.writeString(
                  file, JsonFormat.printer().print(client.fetchHistory(id).getHistory()));
              StringWriter out = new StringWriter();
              StringWriter err = new StringWriter();
              int code =
                  CharterCli.execute(
                      new PrintWriter(out, true),
                      new PrintWriter(err, true),
                      "replay",
                      file.toString(),
                      // where this stack's dev key is, as ~/.charter/data is for `charter dev`
                      "--data-dir",
                      data.toString());
              assertThat(code).as(err.toString()).isZero();
              assertThat(out.toString()).contains("replayed `" + id + "`");
            }
            default -> throw new AssertionError("no runner for example: " + example.text());
          }
        }
      } finally {
        stubs.shutdown();
      }
    }
  }
}
