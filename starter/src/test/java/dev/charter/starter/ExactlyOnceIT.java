package dev.charter.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Compensation;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
import dev.charter.starter.demo.DemoTicket;
import dev.charter.worker.GovernedActivities;
import dev.charter.workflow.AgentTaskWorkflow;
import dev.charter.workflow.AgentTaskWorkflowImpl;
import dev.charter.workflow.activity.ApprovalGate;
import dev.charter.workflow.activity.ToolActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker dies after a refund is committed but before Temporal hears of it; a new worker takes
 * over. The refund must be applied once and the ledger must verify.
 *
 * <p>The worker that dies runs the activities. The workflow worker stays up: Temporal's test server
 * never times out a dead worker's sticky workflow queue (a cluster falls back after 5 s), so on the
 * embedded server a killed workflow worker would strand its tasks.
 */
class ExactlyOnceIT {

  private static final String QUEUE = "charter-agent-tasks";

  @TempDir Path data;

  @Test
  void should_apply_a_refund_exactly_once_when_the_worker_dies_mid_step_and_restarts()
      throws Exception {
    try (TestStack stack =
        TestStack.embedded(data, Map.of("charter.temporal.worker-enabled", false))) {
      WorkflowClient client = stack.bean(WorkflowClient.class);
      GovernedActivities real = stack.bean(GovernedActivities.class);
      ApprovalGate gate = stack.bean(ApprovalGate.class);
      CountDownLatch refundCommitted = new CountDownLatch(1);
      CountDownLatch testOver = new CountDownLatch(1);

      WorkerFactory workflows = WorkerFactory.newInstance(client);
      Worker workflowWorker =
          workflows.newWorker(
              QUEUE, WorkerOptions.newBuilder().setLocalActivityWorkerOnly(true).build());
      workflowWorker.registerWorkflowImplementationFactory(
          AgentTaskWorkflow.class, () -> new AgentTaskWorkflowImpl(gate));
      // Local activities run in the workflow's worker: authorization, and perception (change id
      // local-perception).
      workflowWorker.registerActivitiesImplementations(real.authorization(), real.perception());
      workflows.start();

      ToolActivities dying =
          new ToolActivities() {
            @Override
            public ToolResult execute(ToolInvocation invocation) {
              ToolResult result = real.tools().execute(invocation);
              if (invocation.call().tool().equals("issue_refund")) {
                refundCommitted.countDown();
                // The worker "dies" here: the refund is in the database, its result never leaves.
                awaitUninterruptibly(testOver);
              }
              return result;
            }

            @Override
            public ToolResult compensate(Compensation compensation) {
              return real.tools().compensate(compensation);
            }
          };
      // Its own connection, as a separate process would have.
      WorkflowServiceStubs dyingConnection =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget("127.0.0.1:" + stack.temporalPort)
                  .build());
      // With the process's encrypting converter: a worker without the keys could not read a task.
      WorkerFactory first =
          activityWorker(
              WorkflowClient.newInstance(
                  dyingConnection,
                  WorkflowClientOptions.newBuilder()
                      .setDataConverter(stack.bean(DataConverter.class))
                      .build()),
              real,
              dying);
      first.start();

      DemoTicket smallRefund = DemoTicket.all().get(1);
      String taskId = stack.tasks().start(smallRefund.request("once")).taskId();
      // A refund asked for in a customer's email (a tainted step) waits for a lead.
      TaskStatus refund = stack.awaitApproval(taskId);
      assertThat(refund.pendingApproval().call().tool()).isEqualTo("issue_refund");
      stack
          .tasks()
          .approve(
              taskId,
              new ApprovalRequest(refund.pendingApproval().approvalId(), "dana.lead", null, "ok"));
      assertThat(refundCommitted.await(60, TimeUnit.SECONDS)).isTrue();
      first.shutdownNow();
      dyingConnection.shutdownNow();

      // The replacement: Temporal retries the refund activity after its heartbeat timeout.
      WorkerFactory second = activityWorker(client, real, real.tools());
      second.start();
      try {
        TaskStatus waiting = stack.awaitApproval(taskId);
        assertThat(waiting.pendingApproval().call().tool()).isEqualTo("send_customer_email");
        stack
            .tasks()
            .approve(
                taskId,
                new ApprovalRequest(
                    waiting.pendingApproval().approvalId(), "dana.lead", null, "ok"));
        TaskStatus done = stack.tasks().result(taskId);
        assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
      } finally {
        testOver.countDown();
        second.shutdownNow();
        workflows.shutdownNow();
      }

      HikariDataSource shop = stack.context.getBean("shopDataSource", HikariDataSource.class);
      assertThat(count(shop, "select count(*) from refund where order_id = '1002'")).isEqualTo(1);
      assertThat(count(shop, "select refunded_cents from orders where id = '1002'"))
          .isEqualTo(4900);
      AuditLedger ledger = stack.bean(AuditLedger.class);
      assertThat(ledger.verify(taskId).valid()).isTrue();
      assertThat(
              ledger.events(taskId).stream()
                  .filter(e -> e.type().equals(AuditFact.ToolExecuted.TYPE))
                  .filter(e -> e.payloadJson().contains("issue_refund")))
          .singleElement()
          .satisfies(e -> assertThat(e.payloadJson()).contains("\"replayed\":true"));
    }
  }

  private static WorkerFactory activityWorker(
      WorkflowClient client, GovernedActivities real, ToolActivities tools) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory
        .newWorker(QUEUE)
        .registerActivitiesImplementations(
            real.setup(), real.perception(), real.inference(), tools, real.audit());
    return factory;
  }

  private static long count(HikariDataSource dataSource, String sql) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException ignored) {
        // a dead worker does not answer interrupts either
      }
    }
  }
}
