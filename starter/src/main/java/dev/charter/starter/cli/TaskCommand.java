package dev.charter.starter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.StepRecord;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.cli.PolicyRemoteCommands.Remote;
import dev.charter.starter.tasks.TaskSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code charter task start | status | list | watch | approve | reject | cancel}: tasks over a
 * running Charter's REST API, as the caller of {@code --token}, so every action is authorized
 * exactly as the REST API and the dashboard authorize it.
 */
@Command(
    name = "task",
    mixinStandardHelpOptions = true,
    description = {
      "Start, inspect, list, watch, approve, reject and cancel tasks through a running Charter's",
      "REST API. Exit codes: 0 done (for watch: the task COMPLETED), 1 refused by the service or",
      "the task ended otherwise, 2 bad input (usage, unreadable file, or the API answered 400)."
    },
    subcommands = {
      TaskCommand.Start.class,
      TaskCommand.Status.class,
      TaskCommand.ListTasks.class,
      TaskCommand.Watch.class,
      TaskCommand.Approve.class,
      TaskCommand.Reject.class,
      TaskCommand.ApprovalTokenCommand.class,
      TaskCommand.Cancel.class
    })
final class TaskCommand implements Runnable {

  static final ObjectMapper JSON =
      JsonMapper.builder().addModule(new JavaTimeModule()).findAndAddModules().build();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The answer's body when it has the expected status, else prints the error and exits. */
  static String expect(HttpResponse<String> response, int status, PrintWriter err) {
    if (response.statusCode() == status) {
      return response.body();
    }
    int code = PolicyRemoteCommands.failed(response, err);
    throw new Refused(response.statusCode() == 400 ? 2 : code);
  }

  /** An answer that ends the command with an exit code, its message already printed. */
  static final class Refused extends RuntimeException {
    final int exitCode;

    Refused(int exitCode) {
      super(null, null, false, false);
      this.exitCode = exitCode;
    }
  }

  /** Shared by every subcommand: the API, the caller, {@code --json}. */
  abstract static class Base implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin Remote remote = new Remote();

    @Option(names = "--json", description = "print the API's JSON answer instead of text")
    boolean json;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() throws Exception {
      try {
        return run();
      } catch (Refused refused) {
        return refused.exitCode;
      } finally {
        out().flush();
        err().flush();
      }
    }

    abstract int run() throws Exception;

    TaskStatus status(String taskId) throws IOException {
      String body = expect(remote.send("GET", "/api/tasks/" + path(taskId), null), 200, err());
      return JSON.readValue(body, TaskStatus.class);
    }

    /** A signed approval token for the caller, over REST; null approval id: the pending one. */
    com.fasterxml.jackson.databind.JsonNode approvalToken(String taskId, String approvalId)
        throws IOException {
      Map<String, String> ask = new java.util.LinkedHashMap<>();
      if (approvalId != null) {
        ask.put("approvalId", approvalId);
      }
      String body =
          expect(
              remote.send(
                  "POST",
                  "/api/tasks/" + path(taskId) + "/approval-token",
                  JSON.writeValueAsString(ask)),
              200,
              err());
      return JSON.readTree(body);
    }
  }

  static String path(String taskId) {
    if (taskId == null || taskId.isBlank()) {
      throw new IllegalArgumentException("task id must not be blank");
    }
    return URLEncoder.encode(taskId, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** One line per governed step, as {@code charter demo} prints it. */
  static String stepLine(StepRecord r) {
    return String.format(
        "  step %-2d %-22s %-24s %-16s %s%s",
        r.step(),
        r.tool() == null ? "(answer)" : r.tool(),
        r.target() == null ? "" : r.target(),
        r.outcome() == null ? "" : r.outcome(),
        r.determiningPolicies() == null || r.determiningPolicies().isEmpty()
            ? ""
            : r.determiningPolicies() + " ",
        r.result() == null ? "" : "-> " + r.result());
  }

  static String pendingLine(PendingApproval p) {
    return "  waiting for approval "
        + p.approvalId()
        + " of "
        + (p.call() == null ? "?" : p.call().tool() + " " + p.call().target())
        + " by "
        + String.join(" and ", p.missingRoles().isEmpty() ? p.requiredRoles() : p.missingRoles());
  }

  /** {@code charter task start <request.json>}. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Starts a task from a TaskRequest JSON file (- reads standard input). Prints the task id.",
        "Cedar decides start_task for the token's principal in the profile's tenant."
      })
  static final class Start extends Base {
    @Parameters(index = "0", paramLabel = "<request.json>", description = "TaskRequest JSON")
    String request;

    @Option(names = "--id", description = "task id to use instead of the file's taskId")
    String taskId;

    @Override
    int run() throws IOException {
      String text;
      try {
        text =
            request.equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(request));
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("request file `" + request + "` does not exist");
      }
      TaskRequest parsed;
      try {
        parsed = JSON.readValue(text, TaskRequest.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException(
            "request file `" + request + "` is not a TaskRequest: " + e.getOriginalMessage());
      }
      if (taskId != null) {
        parsed = parsed.withTaskId(taskId);
      }
      String body =
          expect(remote.send("POST", "/api/tasks", JSON.writeValueAsString(parsed)), 201, err());
      if (json) {
        out().println(body);
      } else {
        out().println(JSON.readTree(body).path("taskId").asText());
      }
      return 0;
    }
  }

  /** {@code charter task status <taskId>}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Shows a task's state, pending approval and governed path so far.")
  static final class Status extends Base {
    @Parameters(index = "0", paramLabel = "<taskId>")
    String taskId;

    @Override
    int run() throws IOException {
      TaskStatus status = status(taskId);
      if (json) {
        out().println(JSON.writeValueAsString(status));
        return 0;
      }
      out()
          .println(
              status.taskId()
                  + "  "
                  + status.state()
                  + "  step "
                  + status.step()
                  + "  backends "
                  + status.backends()
                  + (status.reason() == null ? "" : "  reason: " + status.reason()));
      status.path().forEach(r -> out().println(stepLine(r)));
      if (status.pendingApproval() != null) {
        out().println(pendingLine(status.pendingApproval()));
      }
      return 0;
    }
  }

  /** {@code charter task list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the tasks the token's principal may view, most recently updated first.")
  static final class ListTasks extends Base {
    @Option(names = "--state", description = "only this state: ${COMPLETION-CANDIDATES}")
    TaskState state;

    @Option(names = "--tenant", description = "only this tenant")
    String tenant;

    @Option(names = "--pending", description = "only tasks waiting for an approval")
    boolean pending;

    @Option(names = "--limit", defaultValue = "100", description = "at most this many (1..500)")
    int limit;

    @Override
    int run() throws IOException {
      if (limit < 1 || limit > 500) {
        throw new IllegalArgumentException("--limit must be 1..500, got " + limit);
      }
      List<String> query = new ArrayList<>();
      query.add("limit=" + limit);
      if (state != null) {
        query.add("state=" + state.name());
      }
      if (tenant != null) {
        query.add("tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8));
      }
      if (pending) {
        query.add("pending=true");
      }
      String body =
          expect(remote.send("GET", "/api/tasks?" + String.join("&", query), null), 200, err());
      if (json) {
        out().println(body);
        return 0;
      }
      TaskSummary[] tasks =
          JSON.treeToValue(JSON.readTree(body).path("tasks"), TaskSummary[].class);
      out()
          .printf(
              "%-40s %-17s %-5s %-8s %-6s %-20s %s%n",
              "TASK", "STATE", "STEP", "TIER", "TENANT", "BACKEND", "PENDING APPROVAL");
      for (TaskSummary t : tasks) {
        out()
            .printf(
                "%-40s %-17s %-5d %-8s %-6s %-20s %s%n",
                t.taskId(),
                t.state(),
                t.step(),
                t.riskTier(),
                t.tenant(),
                t.backend() == null ? "-" : t.backend(),
                t.pendingApprovalId() == null
                    ? "-"
                    : t.pendingApprovalId() + " (" + t.pendingTool() + ")");
      }
      out().println(tasks.length + " tasks");
      return 0;
    }
  }

  /** {@code charter task watch <taskId>}. */
  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      description = {
        "Follows a task until it ends: prints each governed step as it completes and the approval",
        "it waits for. Exit 0 when it COMPLETED, 1 when it ended otherwise or --timeout passed."
      })
  static final class Watch extends Base {
    @Parameters(index = "0", paramLabel = "<taskId>")
    String taskId;

    @Option(
        names = "--interval",
        defaultValue = "PT0.5S",
        description = "poll interval, ISO-8601 (default ${DEFAULT-VALUE})")
    Duration interval;

    @Option(
        names = "--timeout",
        defaultValue = "PT30M",
        description = "give up after this long, ISO-8601 (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    int run() throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      int shown = 0;
      String waitingFor = null;
      while (true) {
        TaskStatus status = status(taskId);
        for (; shown < status.path().size(); shown++) {
          StepRecord step = status.path().get(shown);
          // A step still waiting for its human is shown once it has its result.
          if (step.result() == null && !status.state().isFinal()) {
            break;
          }
          out()
              .println(
                  json
                      ? JSON.writeValueAsString(Map.of("step", step))
                      : stepLine(step).substring(2));
        }
        PendingApproval pending = status.pendingApproval();
        if (pending != null && !pending.approvalId().equals(waitingFor)) {
          waitingFor = pending.approvalId();
          out()
              .println(
                  json
                      ? JSON.writeValueAsString(Map.of("pendingApproval", pending))
                      : pendingLine(pending).substring(2));
        }
        out().flush();
        if (status.state().isFinal()) {
          out()
              .println(
                  json
                      ? JSON.writeValueAsString(Map.of("ended", status))
                      : status.taskId()
                          + " "
                          + status.state()
                          + (status.reason() == null ? "" : ": " + status.reason()));
          return status.state() == TaskState.COMPLETED ? 0 : 1;
        }
        if (System.nanoTime() > deadline) {
          err().println("task `" + taskId + "` still " + status.state() + " after " + timeout);
          return 1;
        }
        Thread.sleep(interval.toMillis());
      }
    }
  }

  /** What approve and reject share. */
  abstract static class Answer extends Base {
    @Parameters(index = "0", paramLabel = "<taskId>")
    String taskId;

    @Option(
        names = "--approval-id",
        description = "the approval answered (default: the one the task waits for now)")
    String approvalId;

    @Option(names = "--role", description = "the role you answer in (default: any you hold)")
    String role;

    @Option(names = "--reason", required = true, description = "why, in your words")
    String reason;

    int answer(String verb) throws IOException {
      String id = approvalId;
      if (id == null) {
        PendingApproval pending = status(taskId).pendingApproval();
        if (pending == null) {
          err().println("task `" + taskId + "` waits for no approval");
          return 1;
        }
        id = pending.approvalId();
      }
      // the signed approval token proves who answers: fetched over REST, then sent with the answer
      String token = approvalToken(taskId, id).path("token").asText();
      String body =
          expect(
              remote.send(
                  "POST",
                  "/api/tasks/" + path(taskId) + "/" + verb,
                  JSON.writeValueAsString(new ApprovalRequest(id, null, role, reason, token))),
              200,
              err());
      out().println(json ? body : JSON.readTree(body).path("result").asText());
      return 0;
    }
  }

  /** {@code charter task approve <taskId> --reason ...}. */
  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = {
        "Grants the approval a task waits for, as the token's principal. The approval Update's validator decides",
        "through Cedar whether you may; a refusal exits 1 and never enters the task's history."
      })
  static final class Approve extends Answer {
    @Override
    int run() throws IOException {
      return answer("approve");
    }
  }

  /** {@code charter task reject <taskId> --reason ...}. */
  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = {
        "Refuses the approval a task waits for, as the token's principal; the task compensates what it did and",
        "ends REJECTED."
      })
  static final class Reject extends Answer {
    @Override
    int run() throws IOException {
      return answer("reject");
    }
  }

  /** {@code charter task approval-token <taskId>}. */
  @Command(
      name = "approval-token",
      mixinStandardHelpOptions = true,
      description = {
        "Prints a signed approval token for the approval a task waits for, issued to the token's principal:",
        "bound to the approval, its argument hash and bundle, valid five minutes, accepted once. Send it as",
        "`token` with the approve or reject Update from any client, e.g. `temporal workflow update execute`."
      })
  static final class ApprovalTokenCommand extends Base {
    @Parameters(index = "0", paramLabel = "<taskId>")
    String taskId;

    @Option(
        names = "--approval-id",
        description = "the approval to answer (default: the one the task waits for now)")
    String approvalId;

    @Override
    int run() throws IOException {
      com.fasterxml.jackson.databind.JsonNode issued = approvalToken(taskId, approvalId);
      out().println(json ? JSON.writeValueAsString(issued) : issued.path("token").asText());
      return 0;
    }
  }

  /** {@code charter task cancel <taskId>}. */
  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = "Asks a task to stop; what it did is compensated.")
  static final class Cancel extends Base {
    @Parameters(index = "0", paramLabel = "<taskId>")
    String taskId;

    @Option(names = "--reason", defaultValue = "", description = "why")
    String reason;

    @Override
    int run() throws IOException {
      String body =
          expect(
              remote.send(
                  "POST",
                  "/api/tasks/" + path(taskId) + "/cancel",
                  JSON.writeValueAsString(Map.of("reason", reason))),
              202,
              err());
      out().println(json ? body : JSON.readTree(body).path("result").asText());
      return 0;
    }
  }
}
