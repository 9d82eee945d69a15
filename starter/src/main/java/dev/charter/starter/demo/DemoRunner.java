package dev.charter.starter.demo;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.ChainVerification;
import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.Outcome;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.StepRecord;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.TaskGateway;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs the demo tickets as real tasks, answers approvals as the named demo approvers (through the
 * approval Update, so Cedar checks them like anyone), and checks every task's audit chain.
 */
public final class DemoRunner {

  /** Who answers approvals in the demo, by role. They are ordinary humans of the directory. */
  public static final Map<String, String> DEMO_APPROVERS =
      Map.of("support_lead", "dana.lead", "privacy_officer", "priya.privacy");

  private static final Duration DEADLINE = Duration.ofMinutes(5);

  private final TaskGateway tasks;
  private final AuditLedger ledger;
  private final PrintWriter progress;

  /**
   * @param progress where progress lines go (stderr for {@code --json})
   */
  public DemoRunner(TaskGateway tasks, AuditLedger ledger, PrintWriter progress) {
    this.tasks = tasks;
    this.ledger = ledger;
    this.progress = progress;
  }

  /** Runs the tickets to their end. */
  public List<DemoResult> run(List<DemoTicket> tickets, String runId) throws InterruptedException {
    Map<String, DemoTicket> byTask = new LinkedHashMap<>();
    for (DemoTicket ticket : tickets) {
      String taskId = tasks.start(ticket.request(runId)).taskId();
      byTask.put(taskId, ticket);
      progress.printf("  started %-40s %s%n", taskId, ticket.shows());
    }
    Map<String, TaskStatus> last = new HashMap<>();
    // Each approval is answered once, even if a poll sees it again before the task moves on.
    Set<String> answered = new HashSet<>();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (last.size() < byTask.size()
        || !last.values().stream().allMatch(s -> s.state().isFinal())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("demo tasks did not end within " + DEADLINE);
      }
      for (String taskId : byTask.keySet()) {
        TaskStatus previous = last.get(taskId);
        if (previous != null && previous.state().isFinal()) {
          continue;
        }
        TaskStatus now = tasks.status(taskId);
        if (previous == null || previous.state() != now.state() || previous.step() != now.step()) {
          progress.printf("  %-40s step %d %s%n", taskId, now.step(), now.state());
        }
        last.put(taskId, now);
        if (now.state() == TaskState.WAITING_APPROVAL
            && now.pendingApproval() != null
            && answered.add(
                now.pendingApproval().approvalId() + now.pendingApproval().missingRoles())) {
          approve(taskId, now.pendingApproval());
        }
      }
      Thread.sleep(100);
    }
    List<DemoResult> results = new ArrayList<>();
    for (Map.Entry<String, DemoTicket> entry : byTask.entrySet()) {
      TaskStatus status = tasks.result(entry.getKey());
      ChainVerification chain = ledger.verify(entry.getKey());
      results.add(new DemoResult(entry.getValue(), status, chain));
    }
    return results;
  }

  private void approve(String taskId, PendingApproval pending) {
    // four eyes: an approval needing several roles takes each from its own demo human
    String role =
        pending.missingRoles().isEmpty()
            ? pending.requiredRoles().get(0)
            : pending.missingRoles().get(0);
    String approver = DEMO_APPROVERS.get(role);
    if (approver == null) {
      progress.printf("  %-40s waits for role %s: no demo approver%n", taskId, role);
      return;
    }
    String answer =
        tasks.approve(
            taskId,
            tasks.asCaller(
                approver,
                taskId,
                new ApprovalRequest(
                    pending.approvalId(), approver, role, "demo approver: reviewed and approved")));
    progress.printf(
        "  %-40s %s %s %s as %s (%s)%n",
        taskId, pending.call().tool(), pending.call().target(), answer, approver, role);
  }

  /**
   * One ticket's outcome.
   *
   * @param ticket the ticket
   * @param status the task's final status
   * @param chain the ledger's verdict on the task's hash chain
   */
  public record DemoResult(DemoTicket ticket, TaskStatus status, ChainVerification chain) {

    /**
     * Whether it ended as the shop's policies should make it end, with a valid chain, along the
     * ticket's expected path: the intent read, each call's tool, verdict and determining policy.
     */
    public boolean asExpected() {
      return status.state() == ticket.expected() && chain.valid() && pathProblem() == null;
    }

    /** The intent of the first decision, or null when no step decided one. */
    public String intent() {
      return status.path().stream()
          .map(StepRecord::intent)
          .filter(Objects::nonNull)
          .findFirst()
          .orElse(null);
    }

    /** The path as the expected path is written: {@code tool VERDICT [policies]} per call. */
    public List<String> path() {
      return calls().stream()
          .map(r -> r.tool() + " " + r.outcome() + " " + r.determiningPolicies())
          .toList();
    }

    /** What differs from the ticket's expected path, or null when nothing does. */
    public String pathProblem() {
      if (!Objects.equals(ticket.intent(), intent())) {
        return "intent " + intent() + ", expected " + ticket.intent();
      }
      List<StepRecord> calls = calls();
      if (calls.size() != ticket.path().size()) {
        return "calls " + path() + ", expected " + ticket.path();
      }
      for (int i = 0; i < calls.size(); i++) {
        StepRecord made = calls.get(i);
        DemoTicket.ExpectedCall wanted = ticket.path().get(i);
        if (!wanted.tool().equals(made.tool())
            || wanted.verdict() != made.outcome()
            || !made.determiningPolicies().contains(wanted.policy())) {
          return "call "
              + (i + 1)
              + " "
              + made.tool()
              + " "
              + made.outcome()
              + " "
              + made.determiningPolicies()
              + ", expected "
              + wanted;
        }
      }
      return null;
    }

    private List<StepRecord> calls() {
      return status.path().stream().filter(r -> r.tool() != null).toList();
    }

    /** Verdicts that governed the task's calls, by outcome. */
    public Map<Outcome, Integer> verdicts() {
      Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
      for (Outcome outcome : Outcome.values()) {
        counts.put(outcome, 0);
      }
      for (StepRecord record : status.path()) {
        if (record.outcome() != null) {
          counts.merge(record.outcome(), 1, Integer::sum);
        }
      }
      return counts;
    }
  }
}
