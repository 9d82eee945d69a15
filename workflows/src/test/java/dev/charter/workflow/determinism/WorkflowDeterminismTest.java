package dev.charter.workflow.determinism;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.charter.workflow.AgentTaskWorkflowImpl;
import dev.charter.workflow.bench.BareStepWorkflowImpl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowDeterminismTest {

  @Test
  void should_find_no_nondeterministic_access_reachable_from_any_workflow() {
    JavaClasses production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.charter");

    Map<JavaClass, String> reached = WorkflowDeterminismCheck.reachableFromWorkflows(production);
    // The check must actually see the workflows and their helpers, or an empty result means
    // nothing.
    assertThat(reached.keySet())
        .extracting(JavaClass::getName)
        .contains(AgentTaskWorkflowImpl.class.getName(), BareStepWorkflowImpl.class.getName());
    assertThat(reached).hasSizeGreaterThan(10);

    assertThat(WorkflowDeterminismCheck.violations(production)).isEmpty();
  }

  @Test
  void should_fail_when_a_workflow_helper_reads_the_wall_clock() {
    JavaClasses planted =
        new ClassFileImporter().importPackages("dev.charter.workflow.determinism.planted");

    List<String> violations = WorkflowDeterminismCheck.violations(planted);

    assertThat(violations)
        .singleElement()
        .asString()
        .contains("PlantedWorkflowImpl -> PlantedClock")
        .contains("java.lang.System.currentTimeMillis()")
        .contains("use Workflow.currentTimeMillis()");
  }
}
