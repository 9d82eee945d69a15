package dev.charter.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.TestStack;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code charter task ...} and {@code charter replay} run in-process against the real embedded
 * stack, output captured through picocli's writers.
 */
class TaskCommandIT {

  @TempDir static Path data;
  static TestStack stack;
  static String api;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void start() {
    stack = TestStack.embedded(data, Map.of());
    api = "http://127.0.0.1:" + stack.httpPort;
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CharterCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code charter task <sub> <args> --api ... --token <user's dev token>}. */
  static Run task(String user, String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "task";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--api";
    all[args.length + 2] = api;
    all[args.length + 3] = "--token";
    all[args.length + 4] = stack.token(user);
    return run(all);
  }

  /** Each test refunds its own order: tests share one shop, and a refunded order stops a refund. */
  static Path refundRequest(String taskId, String order, String customer, int cents)
      throws Exception {
    Path file = data.resolve(taskId + "-request.json");
    Files.writeString(
        file,
        """
        {"taskId":"%s","profile":"support-agent","goal":"Resolve the ticket",
         "inputs":[{"name":"ticket","source":"customer_email",
           "content":"Please refund order %s, the item never worked.",
           "fields":{"orderId":"%s","customerId":"%s","amountCents":"%d"}}],
         "requestedBy":"cli-test"}
        """
            .formatted(taskId, order, order, customer, cents));
    return file;
  }

  @Test
  void should_start_list_watch_approve_and_replay_a_task() throws Exception {
    String taskId = "cli-" + UUID.randomUUID();
    Run started =
        task("sam.agent", "start", refundRequest(taskId, "1003", "c-102", 25000).toString());
    assertThat(started.code()).as(started.err()).isZero();
    assertThat(started.out().trim()).isEqualTo(taskId);
    stack.awaitApproval(taskId);

    Run status = task("sam.agent", "status", taskId);
    assertThat(status.code()).isZero();
    assertThat(status.out())
        .contains(taskId + "  WAITING_APPROVAL")
        .contains("lookup_order")
        .contains("waiting for approval " + taskId + "/2/0 of issue_refund")
        .contains("support_lead");
    Run statusJson = task("sam.agent", "status", taskId, "--json");
    assertThat(TaskCommand.JSON.readValue(statusJson.out(), TaskStatus.class).state())
        .isEqualTo(TaskState.WAITING_APPROVAL);

    Run listed = task("dana.lead", "list", "--pending");
    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(listed.out()).contains(taskId).contains("WAITING_APPROVAL").contains("issue_refund");
    Run listedJson = task("dana.lead", "list", "--state", "WAITING_APPROVAL", "--json");
    assertThat(listedJson.out()).contains("\"source\":\"ledger\"").contains(taskId);
    // A lead of another tenant may not view this task's audit, so it is not listed to them.
    assertThat(task("olga.other", "list").out()).doesNotContain(taskId);

    // The support agent may start tasks but not approve refunds: the validator refuses, exit 1.
    Run refused = task("sam.agent", "approve", taskId, "--reason", "let me");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("HTTP 403").contains("sam.agent");

    Run approved = task("dana.lead", "approve", taskId, "--reason", "checked the order");
    assertThat(approved.code()).as(approved.err()).isZero();
    assertThat(approved.out()).startsWith("approved");

    // The confirmation email carries customer data: a second approval, shown by watch.
    Run waiting = task("dana.lead", "watch", taskId, "--timeout", "PT3S", "--interval", "PT0.1S");
    assertThat(waiting.code()).isEqualTo(1);
    assertThat(waiting.out())
        .contains("step 1  lookup_order")
        .contains("issue_refund")
        .contains("waiting for approval " + taskId + "/3/0 of send_customer_email");
    assertThat(waiting.err()).contains("still WAITING_APPROVAL after PT3S");

    assertThat(task("dana.lead", "approve", taskId, "--reason", "ok").code()).isZero();
    Run watched = task("dana.lead", "watch", taskId, "--interval", "PT0.1S");
    assertThat(watched.code()).as(watched.out() + watched.err()).isZero();
    assertThat(watched.out()).contains("send_customer_email").contains(taskId + " COMPLETED");

    assertThat(task("dana.lead", "list", "--state", "COMPLETED").out()).contains(taskId);

    // `charter replay` on the JSON `temporal workflow show --output json` prints: the proto JSON
    // of the History, built here from the real run.
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + stack.temporalPort)
                .build());
    History history;
    try {
      history = WorkflowClient.newInstance(stubs).fetchHistory(taskId).getHistory();
    } finally {
      stubs.shutdown();
    }
    Path file = data.resolve(taskId + ".json");
    Files.writeString(file, JsonFormat.printer().print(history));
    // The history holds encrypted payloads: without a key, a clear refusal, not "nondeterminism".
    Path noKeys = Files.createDirectories(data.resolve("no-keys"));
    Run keyless = run("replay", file.toString(), "--data-dir", noKeys.toString());
    assertThat(keyless.code()).isEqualTo(2);
    assertThat(keyless.err()).contains("encrypted").contains("--payload-key-file");

    String dataDir = data.toString();
    Run replayed = run("replay", file.toString(), "--data-dir", dataDir);
    assertThat(replayed.code()).as(replayed.err()).isZero();
    assertThat(replayed.out())
        .contains("replayed `" + taskId + "`: " + history.getEventsCount() + " events");

    Run fetched =
        run(
            "replay",
            taskId,
            "--address",
            "127.0.0.1:" + stack.temporalPort,
            "--data-dir",
            dataDir);
    assertThat(fetched.code()).as(fetched.err()).isZero();
    assertThat(fetched.out()).contains("no nondeterminism");

    // The same history with one activity renamed is what a changed workflow would meet: exit 1.
    History.Builder changed = history.toBuilder();
    for (int i = 0; i < changed.getEventsCount(); i++) {
      HistoryEvent event = changed.getEvents(i);
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        HistoryEvent.Builder renamed = event.toBuilder();
        renamed
            .getActivityTaskScheduledEventAttributesBuilder()
            .getActivityTypeBuilder()
            .setName("SomethingElse");
        changed.setEvents(i, renamed);
        break;
      }
    }
    Path nondeterministic = data.resolve("changed-" + taskId + ".json");
    Files.writeString(nondeterministic, JsonFormat.printer().print(changed));
    Run broken = run("replay", nondeterministic.toString(), "--data-dir", dataDir);
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.err()).contains("replay of").contains("failed");
  }

  @Test
  void should_reject_and_cancel_tasks() throws Exception {
    String rejectedId = "cli-rej-" + UUID.randomUUID();
    assertThat(
            task("sam.agent", "start", refundRequest(rejectedId, "1004", "c-103", 20000).toString())
                .code())
        .isZero();
    stack.awaitApproval(rejectedId);
    Run rejected = task("dana.lead", "reject", rejectedId, "--reason", "not justified", "--json");
    assertThat(rejected.code()).as(rejected.err()).isZero();
    assertThat(rejected.out()).contains("\"result\"");
    Run watched = task("dana.lead", "watch", rejectedId, "--interval", "PT0.1S");
    assertThat(watched.code()).isEqualTo(1);
    assertThat(watched.out()).contains(rejectedId + " REJECTED");

    String cancelledId = "cli-can-" + UUID.randomUUID();
    assertThat(
            task(
                    "sam.agent",
                    "start",
                    refundRequest(cancelledId, "1004", "c-103", 20000).toString())
                .code())
        .isZero();
    stack.awaitApproval(cancelledId);
    Run cancelled = task("sam.agent", "cancel", cancelledId, "--reason", "customer withdrew");
    assertThat(cancelled.code()).as(cancelled.err()).isZero();
    assertThat(cancelled.out()).contains("cancel requested");
    assertThat(stack.tasks().result(cancelledId).state()).isEqualTo(TaskState.CANCELLED);
  }

  @Test
  void should_exit_2_on_bad_input_and_name_it() throws Exception {
    Run missing = task("sam.agent", "start", data.resolve("nope.json").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err())
        .contains("request file")
        .contains("nope.json")
        .contains("does not exist");

    Path badProfile = data.resolve("bad-profile.json");
    Files.writeString(
        badProfile,
        """
        {"taskId":"bad-profile-1","profile":"refund-bot","goal":"x",
         "inputs":[{"name":"t","source":"customer_email","content":"hi"}]}
        """);
    Run refused = task("sam.agent", "start", badProfile.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("HTTP 400").contains("refund-bot");

    Run limit = task("sam.agent", "list", "--limit", "0");
    assertThat(limit.code()).isEqualTo(2);
    assertThat(limit.err()).contains("--limit must be 1..500, got 0");

    Run unknown = task("sam.agent", "status", "no-such-task");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("HTTP 404").contains("no-such-task");

    Run noUser = run("task", "list", "--api", api, "--token", "");
    assertThat(noUser.code()).isEqualTo(2);

    Run notHistory = run("replay", badProfile.toString());
    assertThat(notHistory.code()).isEqualTo(2);
    assertThat(notHistory.err()).contains("bad-profile.json");

    Run noTask =
        run("replay", "nope-" + UUID.randomUUID(), "--address", "127.0.0.1:" + stack.temporalPort);
    assertThat(noTask.code()).isEqualTo(2);
    assertThat(noTask.err()).contains("no task");
  }
}
