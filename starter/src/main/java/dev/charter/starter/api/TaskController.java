package dev.charter.starter.api;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.ApprovalStanding;
import dev.charter.starter.TaskGateway;
import dev.charter.starter.security.CedarAction;
import dev.charter.starter.tasks.TaskDirectory;
import dev.charter.starter.tasks.TaskFilter;
import dev.charter.starter.tasks.TaskSummary;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API over tasks: start, status, approve/reject, cancel, audit trail. The caller is who their
 * bearer token says; Cedar decides each route's action ({@link CedarAction}) and, for an approval,
 * the Update's validator decides {@code approve} with the role the call needs.
 */
@RestController
@RequestMapping("/api/tasks")
public class TaskController {

  private final TaskGateway tasks;
  private final TaskDirectory directory;

  public TaskController(TaskGateway tasks, TaskDirectory directory) {
    this.tasks = tasks;
    this.directory = directory;
  }

  /**
   * Lists tasks the caller may view (Cedar {@code view_task} on each), most recently updated first,
   * filtered by state, tenant and whether they wait for a human.
   */
  @GetMapping
  @CedarAction(value = "list_tasks", resource = CedarAction.TASKS)
  public Map<String, Object> list(
      Principal caller,
      @RequestParam(required = false) TaskState state,
      @RequestParam(required = false) String tenant,
      @RequestParam(name = "pending", required = false) Boolean pendingApproval,
      @RequestParam(defaultValue = "" + TaskFilter.DEFAULT_LIMIT) int limit) {
    if (limit < 1 || limit > TaskFilter.MAX_LIMIT) {
      throw new BadFieldException(
          "limit", "`limit` must be 1.." + TaskFilter.MAX_LIMIT + ", got " + limit);
    }
    TaskFilter filter = new TaskFilter(state, tenant, pendingApproval, limit);
    List<TaskSummary> visible = tasks.visibleTo(caller.getName(), directory.list(filter));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source", directory.source());
    body.put("tasks", visible);
    return body;
  }

  /** Starts a task; 400 names every bad value, 409 when the id is taken. */
  @PostMapping
  @CedarAction(value = "start_task", resource = CedarAction.TASKS)
  public ResponseEntity<Map<String, String>> start(
      Principal caller, @RequestBody TaskRequest request) {
    TaskRequest started = tasks.startAs(caller.getName(), request);
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(Map.of("taskId", started.taskId(), "status", "/api/tasks/" + started.taskId()));
  }

  /** The task's status query. */
  @GetMapping("/{taskId}")
  @CedarAction("view_task")
  public TaskStatus status(@PathVariable String taskId) {
    return tasks.status(taskId);
  }

  /**
   * Whether the caller could answer the task's pending approval now, and in which role, or why not
   * (the dashboard shows its buttons by it). It grants nothing: an answer is authorized again when
   * it is posted.
   */
  @GetMapping("/{taskId}/approval")
  @CedarAction("view_task")
  public ApprovalStanding approvalStanding(Principal caller, @PathVariable String taskId) {
    TaskSummary summary = directory.find(taskId);
    return tasks.approvalStanding(
        caller.getName(), taskId, summary == null ? null : summary.requestedBy());
  }

  /**
   * Issues the caller an approval token for the task's pending approval (body {@code {"approvalId":
   * ...}}, optional: the pending one), to send with the {@code approve} or {@code reject} Update
   * from any client, e.g. the Temporal CLI; 409 when the task waits for no such approval.
   */
  @PostMapping("/{taskId}/approval-token")
  @CedarAction("answer_approval")
  public Map<String, Object> approvalToken(
      Principal caller,
      @PathVariable String taskId,
      @RequestBody(required = false) Map<String, String> body) {
    return tasks.approvalToken(
        caller.getName(), taskId, body == null ? null : body.get("approvalId"));
  }

  /** Grants the pending approval; 403 when the validator refused the human. */
  @PostMapping("/{taskId}/approve")
  @CedarAction("answer_approval")
  public Map<String, String> approve(
      Principal caller, @PathVariable String taskId, @RequestBody ApprovalRequest request) {
    ApprovalRequest answer = tasks.asCaller(caller.getName(), taskId, request);
    return Map.of("result", tasks.approve(taskId, answer));
  }

  /** Refuses the pending approval; 403 when the validator refused the human. */
  @PostMapping("/{taskId}/reject")
  @CedarAction("answer_approval")
  public Map<String, String> reject(
      Principal caller, @PathVariable String taskId, @RequestBody ApprovalRequest request) {
    ApprovalRequest answer = tasks.asCaller(caller.getName(), taskId, request);
    return Map.of("result", tasks.reject(taskId, answer));
  }

  /** Asks the task to stop; done work is compensated. */
  @PostMapping("/{taskId}/cancel")
  @CedarAction("cancel_task")
  public ResponseEntity<Map<String, String>> cancel(
      @PathVariable String taskId, @RequestBody(required = false) Map<String, String> body) {
    tasks.cancel(taskId, body == null ? null : body.get("reason"));
    return ResponseEntity.accepted().body(Map.of("result", "cancel requested"));
  }

  /** The task's ledger events and whether its hash chain verifies. */
  @GetMapping("/{taskId}/audit")
  @CedarAction("view_audit")
  public Map<String, Object> audit(@PathVariable String taskId) {
    tasks.status(taskId); // 404 when there is no such task
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("taskId", taskId);
    body.put("verification", tasks.ledger().verify(taskId));
    body.put("events", tasks.ledger().events(taskId));
    return body;
  }
}
