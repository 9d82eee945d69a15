import dev.charter.client.CharterClient;
import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * An example service built on Charter's typed client: it turns a refund ticket into a governed
 * task, answers the approval Cedar asks for as the support lead who reviewed it, and waits for the
 * task's end. The client module's ExampleServiceTest compiles and runs this file, so it cannot rot.
 *
 * <p>Run it against {@code ./charter dev}: {@code java -cp <client classpath> RefundApprovalService.java}.
 */
public final class RefundApprovalService {

  private final CharterClient charter;

  public RefundApprovalService(CharterClient charter) {
    this.charter = charter;
  }

  /** Starts the refund task, approves what it asks as {@code approver}, returns its final status. */
  public TaskStatus refund(String taskId, String orderId, String customerId, long amountCents,
      String approver) throws TimeoutException {
    TaskInput ticket = new TaskInput("ticket", "customer_email",
        "Please refund order " + orderId + ", it never worked.",
        Map.of("orderId", orderId, "customerId", customerId,
            "amountCents", Long.toString(amountCents)));
    String id = charter.start(new TaskRequest(taskId, "support-agent", "Resolve the ticket",
        List.of(ticket), "refund-service", null, null));
    // Each approval the task asks for is answered once; Cedar (in the Update's validator) decides
    // whether this approver may answer it, and a refusal throws ApprovalRefusedException.
    Optional<PendingApproval> pending;
    while ((pending = charter.awaitApproval(id, Duration.ofMinutes(1))).isPresent()) {
      charter.approve(id, new ApprovalRequest(pending.get().approvalId(), approver, null,
          "checked against the order by the refund service's reviewer"));
    }
    return charter.awaitResult(id, Duration.ofMinutes(5));
  }

  public static void main(String[] args) throws TimeoutException {
    String address = args.length > 0 ? args[0] : "127.0.0.1:7233";
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      CharterClient charter = CharterClient.of(WorkflowClient.newInstance(stubs));
      TaskStatus end = new RefundApprovalService(charter)
          .refund("refund-" + System.currentTimeMillis(), "1003", "c-102", 25000, "dana.lead");
      System.out.println(end.taskId() + " " + end.state() + " after " + end.stepsUsed() + " steps");
    } finally {
      stubs.shutdown();
    }
  }
}
