package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What starts a task: the workflow input. Plain JSON so the Temporal CLI can send it.
 *
 * @param taskId the task id, equal to the workflow id
 * @param profile the agent profile name, e.g. {@code support-agent}
 * @param goal what the agent should achieve, in plain words
 * @param inputs the task's inputs (tickets, documents)
 * @param requestedBy the human or service that asked for the task
 * @param tenant the tenant the task acts for; the profile's tenant when null
 * @param riskTier LOW, MEDIUM or HIGH; the profile's tier when null
 * @param continued set only by the task itself when it continues as new: what its earlier runs did.
 *     A run that was not continued from an earlier one refuses it (a caller cannot skip the pin by
 *     asserting progress).
 */
public record TaskRequest(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("profile") String profile,
    @JsonProperty("goal") String goal,
    @JsonProperty("inputs") List<TaskInput> inputs,
    @JsonProperty("requestedBy") String requestedBy,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("riskTier") String riskTier,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("continued")
        TaskContinuation continued) {

  public TaskRequest {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }

  /**
   * What is wrong with {@code request} as the input of workflow {@code workflowId}, or null when
   * nothing is: it must be present, and its task id, when given, must be the workflow id.
   */
  public static String problem(TaskRequest request, String workflowId) {
    if (request == null) {
      return "task `"
          + workflowId
          + "`: the workflow input is empty; send a TaskRequest JSON object";
    }
    if (request.taskId() != null && !request.taskId().equals(workflowId)) {
      return "task input: `taskId` is `"
          + request.taskId()
          + "` but the workflow id is `"
          + workflowId
          + "`; they must be equal";
    }
    return null;
  }

  /** A request to start a task: nothing done yet. */
  public TaskRequest(
      String taskId,
      String profile,
      String goal,
      List<TaskInput> inputs,
      String requestedBy,
      String tenant,
      String riskTier) {
    this(taskId, profile, goal, inputs, requestedBy, tenant, riskTier, null);
  }

  /** The structured fields of every input, merged in input order (a later input's field wins). */
  @JsonIgnore
  public Map<String, String> fields() {
    Map<String, String> fields = new TreeMap<>();
    inputs.forEach(input -> fields.putAll(input.fields()));
    return fields;
  }

  /** The same request under another task id. */
  public TaskRequest withTaskId(String id) {
    return new TaskRequest(id, profile, goal, inputs, requestedBy, tenant, riskTier, continued);
  }

  /** This request as the input of the task's next run, carrying {@code continuation}. */
  public TaskRequest continuing(TaskContinuation continuation) {
    return new TaskRequest(
        taskId, profile, goal, inputs, requestedBy, tenant, riskTier, continuation);
  }
}
