package dev.charter.starter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.policy.AccessRequest;
import dev.charter.policy.BundleException;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.PolicyCase;
import dev.charter.policy.PolicyDecision;
import dev.charter.policy.PolicyEngine;
import dev.charter.policy.PolicyInfo;
import dev.charter.policy.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code charter policy}: validate, test, explain and compare policy bundles offline, and talk to a
 * running worker's bundle registry. Exit codes: 0 ok, 1 a failed check (invalid bundle, failed
 * case, DENY with {@code --fail-on-deny}, bundles that disagree), 2 bad input (a missing file, a
 * malformed request, an option out of range).
 */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Validate, test, explain and compare Cedar policy bundles.",
    subcommands = {
      PolicyCommand.Validate.class,
      PolicyCommand.Test.class,
      PolicyCommand.Explain.class,
      PolicyCommand.Diff.class,
      PolicyRemoteCommands.Load.class,
      PolicyRemoteCommands.Drift.class
    })
final class PolicyCommand implements Runnable {

  static final String DEMO_BUNDLE = "classpath:policies/support-desk";

  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Loads a bundle, printing the validator's messages and answering 1 when it is invalid. */
  static PolicyBundle loadOrReport(String location, PrintWriter err) {
    try {
      return PolicyBundle.loadLocation(location);
    } catch (BundleException e) {
      err.println("policy bundle `" + location + "` rejected:");
      e.problems().forEach(p -> err.println("  " + p));
      return null;
    }
  }

  /** {@code charter policy validate <dir>}. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Validates a bundle strictly against its schema.",
        "Exit 0 when valid, 1 when refused (each problem as file:line: message)."
      })
  static final class Validate implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "bundle directory (or classpath:<folder>)")
    String bundle;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PolicyBundle loaded = loadOrReport(bundle, spec.commandLine().getErr());
      if (loaded == null) {
        return 1;
      }
      out.println(
          "valid: bundle `"
              + loaded.name()
              + "` id "
              + loaded.id()
              + ", "
              + loaded.policies().size()
              + " policies, actions "
              + loaded.actions());
      return 0;
    }
  }

  /** {@code charter policy test <dir> [cases]}. */
  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = {
        "Runs policy cases (folders ALLOW/, DENY/, APPROVAL/ of <principal>_<action>_<resource>.json)",
        "against a bundle. Exit 0 when all pass, 1 when one fails or the bundle is invalid."
      })
  static final class Test implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "bundle directory (or classpath:<folder>)")
    String bundle;

    @Parameters(
        index = "1",
        arity = "0..1",
        description = "cases directory (default: <bundle>/cases)")
    Path cases;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Path root = cases != null ? cases : Path.of(bundle).resolve("cases");
      if (!Files.isDirectory(root)) {
        throw new IllegalArgumentException("cases directory `" + root + "` does not exist");
      }
      List<PolicyCase> loaded;
      try {
        loaded = PolicyCase.loadAll(root);
      } catch (IOException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      if (loaded.isEmpty()) {
        throw new IllegalArgumentException(
            "no cases under `" + root + "`: expected ALLOW/, DENY/ or APPROVAL/ folders of .json");
      }
      PolicyBundle policies = loadOrReport(bundle, spec.commandLine().getErr());
      if (policies == null) {
        return 1;
      }
      PolicyEngine engine = new PolicyEngine(policies);
      int failed = 0;
      Set<String> covered = new LinkedHashSet<>();
      for (PolicyCase policyCase : loaded) {
        PolicyDecision decision = engine.decide(policyCase.request());
        covered.addAll(decision.determiningPolicies());
        var mismatch = policyCase.mismatch(decision);
        if (mismatch.isPresent()) {
          failed++;
          out.println("FAIL " + mismatch.get());
        } else {
          out.println("ok   " + policyCase.name() + "  " + decision.summary());
        }
      }
      List<String> uncovered =
          policies.policies().stream()
              .map(PolicyInfo::id)
              .filter(id -> !covered.contains(id))
              .toList();
      out.println(
          loaded.size()
              + " cases, "
              + (loaded.size() - failed)
              + " passed, "
              + failed
              + " failed; bundle `"
              + policies.name()
              + "` "
              + policies.id());
      if (!uncovered.isEmpty()) {
        out.println("policies no case reaches: " + uncovered);
      }
      return failed == 0 ? 0 : 1;
    }
  }

  /** {@code charter policy explain <request.json>}. */
  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      description = {
        "Decides one request (a case-shaped JSON file) and explains the verdict: the determining",
        "policies with their @id, place and comment, and what an approval would change.",
        "Exit 0, or 1 on DENY with --fail-on-deny."
      })
  static final class Explain implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "request JSON file")
    Path request;

    @Option(
        names = "--bundle",
        defaultValue = DEMO_BUNDLE,
        description = "bundle directory or classpath:<folder> (default: ${DEFAULT-VALUE})")
    String bundle;

    @Option(names = "--fail-on-deny", description = "exit 1 when the verdict is DENY")
    boolean failOnDeny;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (!Files.isRegularFile(request)) {
        throw new IllegalArgumentException("request file `" + request + "` does not exist");
      }
      AccessRequest access;
      try {
        access = PolicyCase.readRequest(request);
      } catch (IOException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      PolicyBundle policies = loadOrReport(bundle, spec.commandLine().getErr());
      if (policies == null) {
        return 1;
      }
      PolicyEngine engine = new PolicyEngine(policies);
      PolicyDecision decision = engine.decide(access);
      Map<String, PolicyInfo> byId = new LinkedHashMap<>();
      policies.policies().forEach(p -> byId.put(p.id(), p));

      out.println(
          access.principal().toCedar() + " " + access.action() + " " + access.resource().toCedar());
      out.println(
          "verdict: "
              + decision.outcome()
              + "  (bundle `"
              + policies.name()
              + "` "
              + policies.id()
              + ")");
      if (decision.determiningPolicies().isEmpty()) {
        out.println(
            decision.outcome() == Verdict.DENY && decision.cedarDecision() == Verdict.DENY
                ? "determining policies: none (no permit applies: default deny)"
                : "determining policies: none");
      } else {
        out.println(
            decision.failClosed()
                ? "determining policies (of Cedar's " + decision.policyVerdict() + "):"
                : "determining policies:");
        for (String id : decision.determiningPolicies()) {
          PolicyInfo info = byId.get(id);
          out.println(
              info == null
                  ? "  " + id
                  : "  "
                      + id
                      + "  "
                      + info.effect().name().toLowerCase(java.util.Locale.ROOT)
                      + (info.approvalRole() == null
                          ? ""
                          : " @approval(" + info.approvalRole() + ")")
                      + "  "
                      + info.location()
                      + "  "
                      + info.description());
        }
      }
      printErrors(out, decision, byId);
      out.println("approval: " + approvalEffect(engine, access, decision, byId));
      return failOnDeny && decision.outcome() == Verdict.DENY ? 1 : 0;
    }

    /**
     * Policies that failed to evaluate, apart from the determining ones, and what the fail-closed
     * rule made of Cedar's decision; then any error that kept Cedar from deciding at all.
     */
    private static void printErrors(
        PrintWriter out, PolicyDecision decision, Map<String, PolicyInfo> byId) {
      if (!decision.erroringPolicies().isEmpty()) {
        out.println("erroring policies (evaluation failed; Cedar counts them as not applying):");
        decision
            .erroringPolicies()
            .forEach(
                e -> {
                  PolicyInfo info = byId.get(e.policyId());
                  out.println(
                      "  "
                          + e.policyId()
                          + (info == null ? "" : "  " + info.location())
                          + "  "
                          + e.message());
                });
      }
      if (decision.failClosed()) {
        out.println(
            "fail-closed: Cedar decided "
                + decision.policyVerdict()
                + "; on-policy-error=deny turns any policy error into DENY");
      }
      List<String> policyErrors =
          decision.erroringPolicies().stream().map(e -> e.describe()).toList();
      decision.errors().stream()
          .filter(e -> !policyErrors.contains(e))
          .forEach(e -> out.println("error: " + e));
    }

    private static String approvalEffect(
        PolicyEngine engine,
        AccessRequest access,
        PolicyDecision decision,
        Map<String, PolicyInfo> byId) {
      switch (decision.outcome()) {
        case ALLOW:
          return "none needed";
        case REQUIRE_APPROVAL:
          Map<String, Object> context = new LinkedHashMap<>(access.context());
          Set<Object> approvals = new LinkedHashSet<>(decision.requiredRoles());
          if (context.get("approvals") instanceof java.util.Collection<?> granted) {
            approvals.addAll(granted);
          }
          context.put("approvals", new ArrayList<>(approvals));
          PolicyDecision approved =
              engine.decide(
                  new AccessRequest(
                      access.principal(),
                      access.action(),
                      access.resource(),
                      context,
                      access.entities()));
          return "with the approval of "
              + decision.requiredRoles()
              + " the verdict becomes "
              + approved.summary();
        default:
          List<String> hard =
              decision.determiningPolicies().stream()
                  .filter(id -> byId.get(id) == null || byId.get(id).approvalRole() == null)
                  .toList();
          if (decision.failClosed()) {
            return "cannot help: a policy failed to evaluate, which denies (fail closed)";
          }
          if (!decision.errors().isEmpty() && decision.cedarDecision() == null) {
            return "cannot help: Cedar could not evaluate the request";
          }
          if (decision.determiningPolicies().isEmpty()) {
            return "cannot help: no permit applies";
          }
          return "cannot help: " + hard + " carry no @approval";
      }
    }
  }

  /** {@code charter policy diff <bundleA> <bundleB> --requests <file>}. */
  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description = {
        "Shadow comparison offline: decides every request with both bundles and lists the",
        "requests they decide differently. Exit 0 when they agree on all, 1 when some differ."
      })
  static final class Diff implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "bundle A (the active one)")
    String bundleA;

    @Parameters(index = "1", description = "bundle B (the candidate)")
    String bundleB;

    @Option(
        names = "--requests",
        required = true,
        description =
            "a JSON file holding an array of requests, or a directory of request/case .json files")
    Path requests;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Map<String, AccessRequest> loaded = readRequests(requests);
      PolicyBundle a = loadOrReport(bundleA, spec.commandLine().getErr());
      PolicyBundle b = loadOrReport(bundleB, spec.commandLine().getErr());
      if (a == null || b == null) {
        return 1;
      }
      PolicyEngine engineA = new PolicyEngine(a);
      PolicyEngine engineB = new PolicyEngine(b);
      int differ = 0;
      for (Map.Entry<String, AccessRequest> entry : loaded.entrySet()) {
        PolicyDecision da = engineA.decide(entry.getValue());
        PolicyDecision db = engineB.decide(entry.getValue());
        if (!da.sameDecisionAs(db)) {
          differ++;
          out.println(entry.getKey() + ": A " + da.summary() + "  B " + db.summary());
        }
      }
      out.println(
          loaded.size()
              + " requests, "
              + differ
              + " decided differently; A `"
              + a.name()
              + "` "
              + a.id()
              + ", B `"
              + b.name()
              + "` "
              + b.id());
      return differ == 0 ? 0 : 1;
    }

    /** Requests by a readable name: the file name, or {@code file[index]} inside an array. */
    static Map<String, AccessRequest> readRequests(Path source) throws IOException {
      Map<String, AccessRequest> out = new LinkedHashMap<>();
      if (Files.isDirectory(source)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
          files = walk.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
          try {
            out.put(source.relativize(file).toString(), PolicyCase.readRequest(file));
          } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
          }
        }
      } else if (Files.isRegularFile(source)) {
        JsonNode root;
        try {
          root = JSON.readTree(Files.readString(source));
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "requests file `" + source + "` is not JSON: " + e.getMessage(), e);
        }
        if (!root.isArray()) {
          throw new IllegalArgumentException(
              "requests file `" + source + "` must hold a JSON array of requests");
        }
        for (int i = 0; i < root.size(); i++) {
          String name = source.getFileName() + "[" + i + "]";
          try {
            out.put(name, PolicyCase.request(root.get(i)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
          }
        }
      } else {
        throw new IllegalArgumentException("requests `" + source + "` does not exist");
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("no requests in `" + source + "`");
      }
      return out;
    }
  }
}
