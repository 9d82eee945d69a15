package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

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
 */
public record TaskRequest(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("profile") String profile,
    @JsonProperty("goal") String goal,
    @JsonProperty("inputs") List<TaskInput> inputs,
    @JsonProperty("requestedBy") String requestedBy,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("riskTier") String riskTier) {

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

  /** The same request under another task id. */
  public TaskRequest withTaskId(String id) {
    return new TaskRequest(id, profile, goal, inputs, requestedBy, tenant, riskTier);
  }
}
