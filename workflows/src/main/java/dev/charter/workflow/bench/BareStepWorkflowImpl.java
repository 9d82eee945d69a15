package dev.charter.workflow.bench;

import dev.charter.contract.DataLabels;
import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.Observation;
import dev.charter.contract.StepRecord;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import dev.charter.workflow.activity.InferenceActivities;
import dev.charter.workflow.activity.ToolActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Baseline loop: decide, act, repeat. Same activity options as the governed loop's stages. */
public class BareStepWorkflowImpl implements BareStepWorkflow {

  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(60)).build();

  private final InferenceActivities inference =
      Workflow.newActivityStub(InferenceActivities.class, OPTIONS);
  private final ToolActivities tools = Workflow.newActivityStub(ToolActivities.class, OPTIONS);

  @Override
  public TaskStatus run(BareStepRequest request) {
    String taskId = Workflow.getInfo().getWorkflowId();
    StringBuilder content = new StringBuilder();
    Map<String, String> fields = new TreeMap<>();
    for (TaskInput input : request.task().inputs()) {
      content.append(input.content() == null ? "" : input.content()).append('\n');
      fields.putAll(input.fields());
    }
    // No perception: the raw text goes to the model unlabelled, as an ungoverned agent would send
    // it.
    Observation raw =
        new Observation(0, null, content.toString(), new DataLabels(null, null, null), false, null);
    List<String> done = new ArrayList<>();
    List<StepRecord> path = new ArrayList<>();
    int step = 0;
    String answer = null;
    while (answer == null && step < request.maxSteps()) {
      step++;
      Decision decision =
          inference.decide(
              new InferenceRequest(
                  taskId, step, request.backends(), raw, fields, done, request.tools()));
      if (decision.isFinal()) {
        answer = decision.finalAnswer();
        break;
      }
      for (int i = 0; i < decision.toolCalls().size(); i++) {
        ToolCall call = decision.toolCalls().get(i);
        tools.execute(new ToolInvocation(taskId, step, taskId + "/" + step + "/" + i, call));
        done.add(call.tool());
        path.add(
            new StepRecord(
                step,
                null,
                decision.intent(),
                call.tool(),
                call.target(),
                null,
                List.of(),
                null,
                "done"));
      }
    }
    return new TaskStatus(
        taskId,
        answer != null ? TaskState.COMPLETED : TaskState.BUDGET_EXCEEDED,
        step,
        null,
        null,
        path,
        step,
        0,
        0,
        List.of(),
        List.of(),
        answer,
        null,
        0,
        null);
  }
}
