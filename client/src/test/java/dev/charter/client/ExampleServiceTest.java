package dev.charter.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.workflow.TaskQueues;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    try (TestWorkflowEnvironment env =
            TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        URLClassLoader loader =
            new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      env.newWorker(TaskQueues.AGENT_TASKS).registerWorkflowImplementationTypes(ScriptedTask.class);
      env.start();
      Class<?> service = loader.loadClass("RefundApprovalService");
      Constructor<?> constructor = service.getConstructor(CharterClient.class);
      Object instance = constructor.newInstance(CharterClient.of(env.getWorkflowClient()));
      TaskStatus end =
          (TaskStatus)
              service
                  .getMethod(
                      "refund", String.class, String.class, String.class, long.class, String.class)
                  .invoke(instance, "example-1", "1003", "c-102", 25000L, "dana.lead");
      assertThat(end.state()).isEqualTo(TaskState.COMPLETED);
      assertThat(end.reason()).isEqualTo("approved by dana.lead");
    }
  }
}
