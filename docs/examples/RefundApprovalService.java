import dev.charter.client.CharterClient;
import dev.charter.codec.CharterDataConverter;
import dev.charter.codec.PayloadKeys;
import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>An approval names no one by plain text: each answer carries an approval token, signed for the
 * human, the approval and the call's arguments. The REST API issues it to the authenticated caller
 * ({@code POST /api/tasks/{id}/approval-token} with the human's bearer token); without one the
 * worker's Update validator refuses the answer before it enters history.
 *
 * <p>Temporal holds only ciphertext: the client encrypts with the workers' payload keys
 * ({@code CHARTER_PAYLOAD_KEYS}, or the key file {@code charter dev} prints).
 *
 * <p>Run it against {@code ./charter dev} with the lead's dev token and the key file it printed:
 * {@code CHARTER_TOKEN=ct_... java -cp <client classpath> RefundApprovalService.java 127.0.0.1:7233
 * http://127.0.0.1:8080 .charter/payload-dev-key}.
 */
public final class RefundApprovalService {

  /** Where the approver's signed approval tokens come from. */
  @FunctionalInterface
  public interface ApprovalTokens {
    /** A token for the approver to answer {@code approvalId} of task {@code taskId}. */
    String issue(String taskId, String approvalId);
  }

  private final CharterClient charter;
  private final ApprovalTokens tokens;

  public RefundApprovalService(CharterClient charter, ApprovalTokens tokens) {
    this.charter = charter;
    this.tokens = tokens;
  }

  /**
   * Tokens from Charter's REST API at {@code api}, issued to the human {@code bearerToken}
   * authenticates (a dev token of {@code charter dev}, an API token or your IdP's JWT).
   */
  public static ApprovalTokens overRest(URI api, String bearerToken) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ObjectMapper json = new ObjectMapper();
    return (taskId, approvalId) -> {
      HttpRequest request = HttpRequest.newBuilder(
              api.resolve("/api/tasks/" + taskId + "/approval-token"))
          .timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + bearerToken)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              json.createObjectNode().put("approvalId", approvalId).toString()))
          .build();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("approval token for `" + approvalId + "`: HTTP "
              + response.statusCode() + " " + response.body());
        }
        JsonNode body = json.readTree(response.body());
        return body.path("token").asText();
      } catch (IOException e) {
        throw new UncheckedIOException("approval token for `" + approvalId + "`", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    };
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
    // Each approval the task asks for is answered once, with a token issued for it; the Update's
    // validator checks the token and, through Cedar, whether this approver may answer it. A
    // refusal throws ApprovalRefusedException and nothing enters the task's history.
    Optional<PendingApproval> pending;
    while ((pending = charter.awaitApproval(id, Duration.ofMinutes(1))).isPresent()) {
      String approvalId = pending.get().approvalId();
      charter.approve(id, new ApprovalRequest(approvalId, approver, null,
          "checked against the order by the refund service's reviewer",
          tokens.issue(id, approvalId)));
    }
    return charter.awaitResult(id, Duration.ofMinutes(5));
  }

  public static void main(String[] args) throws TimeoutException, IOException {
    String address = args.length > 0 ? args[0] : "127.0.0.1:7233";
    URI api = URI.create(args.length > 1 ? args[1] : "http://127.0.0.1:8080");
    String bearer = System.getenv("CHARTER_TOKEN");
    if (bearer == null || bearer.isBlank()) {
      throw new IllegalArgumentException(
          "set CHARTER_TOKEN to the approver's token (charter dev prints one per demo human)");
    }
    PayloadKeys keys = PayloadKeys.fromEnvironment(System.getenv()).orElse(null);
    if (keys == null) {
      if (args.length < 3) {
        throw new IllegalArgumentException(
            "set CHARTER_PAYLOAD_KEYS or name the payload key file as the third argument");
      }
      keys = PayloadKeys.parse(Files.readString(Path.of(args[2])), args[2]);
    }
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      CharterClient charter = CharterClient.of(WorkflowClient.newInstance(stubs,
          WorkflowClientOptions.newBuilder()
              .setDataConverter(CharterDataConverter.encrypted(keys))
              .build()));
      TaskStatus end = new RefundApprovalService(charter, overRest(api, bearer))
          .refund("refund-" + System.currentTimeMillis(), "1003", "c-102", 25000, "dana.lead");
      System.out.println(end.taskId() + " " + end.state() + " after " + end.stepsUsed() + " steps");
    } finally {
      stubs.shutdown();
    }
  }
}
