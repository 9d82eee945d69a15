package dev.charter.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.workflow.TaskQueues;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles {@code docs/examples/RefundApprovalService.java} against this module and runs it on the
 * Temporal test server, so the example in the docs stays a program that works.
 */
class ExampleServiceTest {

  private static final Path EXAMPLE = Path.of("../docs/examples/RefundApprovalService.java");

  @Test
  void should_compile_and_run_the_documented_example_service(@TempDir Path classes)
      throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean compiled =
        javac
            .getTask(
                diagnostics,
                null,
                null,
                List.of(
                    "-d",
                    classes.toString(),
                    "-classpath",
                    System.getProperty("java.class.path"),
                    "-Xlint:all",
                    "-Werror"),
                null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(EXAMPLE.toFile()))
            .call();
    assertThat(compiled).as(diagnostics.toString()).isTrue();
    assertThat(Files.exists(classes.resolve("RefundApprovalService.class"))).isTrue();

    List<String> issued = new CopyOnWriteArrayList<>();
    HttpServer api =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext(
        "/api/tasks/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String approvalId = body.replaceAll(".*\"approvalId\"\\s*:\\s*\"([^\"]*)\".*", "$1");
          issued.add(
              exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + approvalId);
          byte[] answer =
              ("{\"approvalId\":\""
                      + approvalId
                      + "\",\"token\":\"signed-for-"
                      + approvalId
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    api.start();
    try (AutoCloseable stopApi = () -> api.stop(0);
        TestWorkflowEnvironment env =
            TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        URLClassLoader loader =
            new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      env.newWorker(TaskQueues.AGENT_TASKS).registerWorkflowImplementationTypes(ScriptedTask.class);
      env.start();
      Class<?> service = loader.loadClass("RefundApprovalService");
      Class<?> tokensType = loader.loadClass("RefundApprovalService$ApprovalTokens");
      // The example's own REST token source, against a local server speaking the approval-token
      // route as Charter's API does: it must send the approver's bearer token and the approval id.
      Object tokens =
          service
              .getMethod("overRest", URI.class, String.class)
              .invoke(
                  null, URI.create("http://127.0.0.1:" + api.getAddress().getPort()), "ct_lead");
      Constructor<?> constructor = service.getConstructor(CharterClient.class, tokensType);
      Object instance = constructor.newInstance(CharterClient.of(env.getWorkflowClient()), tokens);
      TaskStatus end =
          (TaskStatus)
              service
                  .getMethod(
                      "refund", String.class, String.class, String.class, long.class, String.class)
                  .invoke(instance, "example-1", "1003", "c-102", 25000L, "dana.lead");
      assertThat(issued)
          .containsExactly("/api/tasks/example-1/approval-token Bearer ct_lead example-1/1/0");
      assertThat(end.state()).isEqualTo(TaskState.COMPLETED);
      assertThat(end.reason()).isEqualTo("approved by dana.lead");
    }
  }
}
