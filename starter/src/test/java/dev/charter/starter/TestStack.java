package dev.charter.starter;

import com.google.protobuf.ByteString;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.security.DevTokens;
import dev.charter.workflow.AgentTaskWorkflowImpl;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the real Charter process in-process for integration tests, on free loopback ports. */
public final class TestStack implements AutoCloseable {

  public final ConfigurableApplicationContext context;
  public final int temporalPort;
  public final int httpPort;

  private TestStack(ConfigurableApplicationContext context, int temporalPort, int httpPort) {
    this.context = context;
    this.temporalPort = temporalPort;
    this.httpPort = httpPort;
  }

  /** Embedded Temporal + worker + REST, databases under {@code dataDir}. */
  public static TestStack embedded(Path dataDir, Map<String, Object> extra) {
    return embedded(dataDir, extra, context -> {});
  }

  /** As above, with an initializer that may register beans first (e.g. a span exporter). */
  public static TestStack embedded(
      Path dataDir,
      Map<String, Object> extra,
      ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
    int temporalPort = freePort();
    int httpPort = freePort();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("charter.temporal.embedded", true);
    settings.put("charter.temporal.address", "127.0.0.1:" + temporalPort);
    settings.put("server.port", httpPort);
    settings.put("charter.data-dir", dataDir.toAbsolutePath().toString());
    // Tests keep the key inside their temporary folder (the default is the folder beside it).
    settings.put("charter.secrets-dir", dataDir.resolve("secrets").toAbsolutePath().toString());
    settings.putAll(extra);
    return new TestStack(start(settings, initializer), temporalPort, httpPort);
  }

  /** Worker + REST against a Temporal service that is already running. */
  public static TestStack external(Path dataDir, String address, Map<String, Object> extra) {
    int httpPort = freePort();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("charter.temporal.embedded", false);
    settings.put("charter.temporal.address", address);
    settings.put("server.port", httpPort);
    settings.put("charter.data-dir", dataDir.toAbsolutePath().toString());
    // Tests keep the key inside their temporary folder (the default is the folder beside it).
    settings.put("charter.secrets-dir", dataDir.resolve("secrets").toAbsolutePath().toString());
    settings.putAll(extra);
    return new TestStack(start(settings, context -> {}), -1, httpPort);
  }

  private static ConfigurableApplicationContext start(
      Map<String, Object> settings,
      ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
    String[] args =
        settings.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(CharterApplication.class)
        .web(WebApplicationType.SERVLET)
        .initializers(initializer)
        .run(args);
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /**
   * Replays a history of this stack against today's workflow code, reading its payloads with the
   * stack's encrypting converter (a replayer without the keys cannot read an encrypted history).
   */
  public void replay(WorkflowExecutionHistory history) throws Exception {
    try (TestWorkflowEnvironment replayer =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(bean(DataConverter.class))
                        .build())
                .build())) {
      WorkflowReplayer.replayWorkflowExecution(history, replayer, AgentTaskWorkflowImpl.class);
    }
  }

  /**
   * Every event of a workflow's latest run, fetched over plain gRPC: no data converter, no codec,
   * what anyone with access to the Temporal service reads.
   */
  public List<HistoryEvent> rawHistory(String workflowId) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporalPort)
                .build());
    try {
      List<HistoryEvent> events = new ArrayList<>();
      ByteString page = ByteString.EMPTY;
      do {
        GetWorkflowExecutionHistoryResponse response =
            stubs
                .blockingStub()
                .getWorkflowExecutionHistory(
                    GetWorkflowExecutionHistoryRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .setNextPageToken(page)
                        .build());
        events.addAll(response.getHistory().getEventsList());
        page = response.getNextPageToken();
      } while (!page.isEmpty());
      return events;
    } finally {
      stubs.shutdownNow();
    }
  }

  /**
   * The dev token {@code charter dev} issued this stack for a demo human (embedded stacks only),
   * for an {@code Authorization: Bearer} header.
   */
  public String token(String humanId) {
    return bean(DevTokens.class).of(humanId);
  }

  /** {@code Bearer <dev token of humanId>}: the value of an {@code Authorization} header. */
  public String bearer(String humanId) {
    return "Bearer " + token(humanId);
  }

  public TaskGateway tasks() {
    return bean(TaskGateway.class);
  }

  /** Polls the status query until the predicate holds; bounded. */
  public TaskStatus awaitStatus(String taskId, Predicate<TaskStatus> condition) {
    return await(() -> tasks().status(taskId), condition, Duration.ofSeconds(60));
  }

  /** Polls until the task waits for approval. */
  public TaskStatus awaitApproval(String taskId) {
    return awaitStatus(taskId, s -> s.state() == TaskState.WAITING_APPROVAL);
  }

  /** Polls a supplier until the predicate holds; fails after the timeout. */
  public static <T> T await(Supplier<T> supplier, Predicate<T> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (System.nanoTime() < deadline) {
      try {
        last = supplier.get();
        if (condition.test(last)) {
          return last;
        }
      } catch (RuntimeException notYet) {
        // e.g. the query before the first workflow task ran; try again
        lastError = notYet;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        "condition not reached within " + timeout + "; last: " + last, lastError);
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
