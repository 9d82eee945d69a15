package dev.charter.workflow.determinism;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import io.temporal.workflow.WorkflowInterface;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A bytecode check of workflow determinism, in the spirit of Temporal's {@code
 * temporal-workflowcheck} (which is not served here): starting from every class that implements a
 * {@link WorkflowInterface}, it follows every call, field access and method reference into the
 * project's own classes ({@code dev.charter..}) and reports each reached access to a source of
 * non-determinism — the clock, random numbers, random UUIDs, threads and executors, I/O, the
 * environment, mutable statics and iteration over hash-ordered collections.
 *
 * <p>Reachability is per class: once a helper class is reached, all its code (lambda bodies
 * included, which the compiler places in synthetic methods) is checked. That is stricter than
 * per-method reachability and keeps the rule simple to reason about. A violation names the path
 * from the workflow class to the offending access, so the fix is obvious.
 *
 * <p>Known limits: a call through an interface whose implementation is chosen at run time (e.g.
 * {@code Map.forEach} on a map that happens to be a {@code HashMap}) is judged by the declared
 * type; activity stubs are interfaces without code, so what activities do is (rightly) not checked
 * here.
 */
public final class WorkflowDeterminismCheck {

  private static final String OWN_CODE = "dev.charter.";

  private WorkflowDeterminismCheck() {}

  /** Returns one line per non-deterministic access reachable from a workflow class. */
  public static List<String> violations(JavaClasses classes) {
    Map<JavaClass, String> reached = reachableFromWorkflows(classes);
    List<String> found = new ArrayList<>();
    for (Map.Entry<JavaClass, String> entry : reached.entrySet()) {
      JavaClass type = entry.getKey();
      for (JavaField field : type.getFields()) {
        if (field.getModifiers().contains(JavaModifier.STATIC)
            && !field.getModifiers().contains(JavaModifier.FINAL)
            && !field.getName().startsWith("$")) {
          found.add(
              entry.getValue()
                  + ": mutable static field "
                  + field.getFullName()
                  + " (workflow state must live in the workflow instance)");
        }
      }
      for (JavaCodeUnit unit : type.getCodeUnits()) {
        for (JavaAccess<?> access : accessesOf(unit)) {
          String reason = nonDeterministic(access.getTarget());
          if (reason != null) {
            found.add(
                entry.getValue()
                    + ": "
                    + access.getOrigin().getFullName()
                    + " calls "
                    + access.getTarget().getFullName()
                    + " ("
                    + reason
                    + ") at "
                    + access.getSourceCodeLocation());
          }
        }
      }
    }
    return found;
  }

  /** Classes reachable from workflow implementations, each with the path that reaches it. */
  static Map<JavaClass, String> reachableFromWorkflows(JavaClasses classes) {
    Map<JavaClass, String> reached = new LinkedHashMap<>();
    Deque<JavaClass> queue = new ArrayDeque<>();
    for (JavaClass type : classes) {
      if (!type.isInterface() && implementsWorkflowInterface(type)) {
        reached.put(type, type.getSimpleName());
        queue.add(type);
      }
    }
    while (!queue.isEmpty()) {
      JavaClass from = queue.poll();
      for (JavaCodeUnit unit : from.getCodeUnits()) {
        for (JavaAccess<?> access : accessesOf(unit)) {
          JavaClass owner = access.getTargetOwner();
          if (isOwnCode(owner) && !reached.containsKey(owner)) {
            reached.put(owner, reached.get(from) + " -> " + owner.getSimpleName());
            queue.add(owner);
          }
        }
      }
      // Nested and anonymous classes (lambdas compiled to inner classes, local helpers).
      for (JavaClass nested : classes) {
        if (nested.getEnclosingClass().map(from::equals).orElse(false)
            && !reached.containsKey(nested)) {
          reached.put(nested, reached.get(from) + " -> " + nested.getSimpleName());
          queue.add(nested);
        }
      }
    }
    return reached;
  }

  private static List<JavaAccess<?>> accessesOf(JavaCodeUnit unit) {
    List<JavaAccess<?>> all = new ArrayList<>(unit.getAccessesFromSelf());
    all.addAll(unit.getMethodReferencesFromSelf());
    all.addAll(unit.getConstructorReferencesFromSelf());
    return all;
  }

  private static boolean implementsWorkflowInterface(JavaClass type) {
    return type.getAllRawInterfaces().stream()
        .anyMatch(i -> i.isAnnotatedWith(WorkflowInterface.class));
  }

  private static boolean isOwnCode(JavaClass owner) {
    return owner.getName().startsWith(OWN_CODE) && !owner.isArray();
  }

  private static final Set<String> TIME_TYPES =
      Set.of(
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalDateTime",
          "java.time.LocalTime",
          "java.time.ZonedDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.Year",
          "java.time.YearMonth");

  private static final Set<String> HASH_ORDERED =
      Set.of("java.util.HashMap", "java.util.HashSet", "java.util.concurrent.ConcurrentHashMap");

  private static final Set<String> ITERATION =
      Set.of("keySet", "values", "entrySet", "forEach", "iterator", "spliterator", "stream");

  private static final List<Map.Entry<Predicate<AccessTarget>, String>> RULES =
      List.of(
          rule(
              t ->
                  owner(t, "java.lang.System")
                      && Set.of("currentTimeMillis", "nanoTime").contains(t.getName()),
              "reads the clock: use Workflow.currentTimeMillis()"),
          rule(
              t ->
                  (TIME_TYPES.contains(t.getOwner().getName()) && t.getName().equals("now"))
                      || owner(t, "java.time.Clock"),
              "reads the clock: use Workflow.currentTimeMillis()"),
          rule(
              t ->
                  owner(t, "java.lang.System")
                      && Set.of("getenv", "getProperty", "getProperties").contains(t.getName()),
              "reads the environment: pass it in through an activity or the input"),
          rule(
              t ->
                  t.getOwner().isAssignableTo(java.util.Random.class)
                      || ((owner(t, "java.lang.Math") || owner(t, "java.lang.StrictMath"))
                          && t.getName().equals("random")),
              "random numbers: use Workflow.newRandom()"),
          rule(
              t -> owner(t, "java.util.UUID") && t.getName().equals("randomUUID"),
              "random UUID: use Workflow.randomUUID()"),
          rule(
              t ->
                  t.getOwner().isAssignableTo(Thread.class)
                      || t.getOwner().getPackageName().equals("java.util.concurrent")
                          && !HASH_ORDERED.contains(t.getOwner().getName())
                          && !t.getOwner().getSimpleName().endsWith("Exception"),
              "threads or executors: use Workflow.newTimer/Async/Promise"),
          rule(
              t ->
                  (t.getOwner().getPackageName().equals("java.io")
                          && !t.getOwner().getSimpleName().endsWith("Exception")
                          && !t.getOwner().getName().equals("java.io.Serializable"))
                      || t.getOwner().getPackageName().startsWith("java.nio.file")
                      || t.getOwner().getPackageName().startsWith("java.nio.channels")
                      || (t.getOwner().getPackageName().equals("java.net")
                          && !t.getOwner().getName().equals("java.net.URI")),
              "I/O: move it to an activity"),
          rule(
              t -> HASH_ORDERED.contains(t.getOwner().getName()) && ITERATION.contains(t.getName()),
              "iterates a hash-ordered collection: use LinkedHashMap/TreeMap or sort first"));

  private static Map.Entry<Predicate<AccessTarget>, String> rule(
      Predicate<AccessTarget> matches, String reason) {
    return Map.entry(matches, reason);
  }

  private static boolean owner(AccessTarget target, String name) {
    return target.getOwner().getName().equals(name);
  }

  private static String nonDeterministic(AccessTarget target) {
    for (Map.Entry<Predicate<AccessTarget>, String> rule : RULES) {
      if (rule.getKey().test(target)) {
        return rule.getValue();
      }
    }
    return null;
  }
}
