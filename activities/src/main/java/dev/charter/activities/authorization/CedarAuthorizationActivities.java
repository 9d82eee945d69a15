package dev.charter.activities.authorization;

import dev.charter.activities.perception.RulePerceptionActivities;
import dev.charter.activities.privacy.EgressScan;
import dev.charter.activities.privacy.PiiScanner;
import dev.charter.activities.privacy.SubjectDirectory;
import dev.charter.activities.tools.ToolContracts;
import dev.charter.activities.tools.ToolPermits;
import dev.charter.contract.ArgumentSources;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Compensation;
import dev.charter.contract.CompensationAuthorizationRequest;
import dev.charter.contract.DataLabels;
import dev.charter.contract.GrantedApproval;
import dev.charter.contract.ModelAuthorizationRequest;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolResult;
import dev.charter.policy.AccessRequest;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.EntityData;
import dev.charter.policy.EntityRef;
import dev.charter.policy.PolicyDecision;
import dev.charter.policy.PolicyEngine;
import dev.charter.policy.Verdict;
import dev.charter.workflow.activity.AuthorizationActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Cedar, through the {@link PolicyEngine}, which backends a step may use and whether a
 * proposed tool call may run (DESIGN.md section 3, steps 2 and 4).
 *
 * <p>The agent is {@code Charter::Agent::"<profile>"} with the pin's profile, tenant and risk tier.
 * A tool call's action is its tool name and its resource its target, whose attributes come from the
 * {@link ResourceDirectory} (its system of record, recorded with the verdict); its string arguments
 * are typed by the bundle's schema into {@code context.input}. Bad calls (unknown tool, bad target,
 * arguments that break the tool's JSON Schema contract, {@link ToolContracts}) are permanent
 * failures refused before Cedar is asked; anything Cedar cannot evaluate is a DENY verdict with the
 * error listed.
 *
 * <p>Every request is decided by the task's pinned bundle and by the bundle active now, from the
 * {@link BundleRegistry}; the stricter verdict counts (DENY over REQUIRE_APPROVAL over ALLOW), so a
 * pin never keeps a revoked permission alive, and both are reported in the verdict. A shadow
 * candidate, when one runs, decides too, for the drift report only. An approval counts only for the
 * arguments and the active bundle it was given for.
 *
 * <p>An ALLOW verdict on a call whose index the request names, and on a compensation, carries a
 * signed permit ({@link ToolPermits}) bound to that exact call: the tools act on nothing else.
 * Compensations (e.g. {@code reverse_refund}) are Cedar actions decided like the tools; their
 * arguments come from the tool's own record, so their context is untainted and unlabelled
 * (classified {@value #UNLABELLED_CLASSIFICATION}, the strictest reading).
 *
 * <p>Each argument's provenance ({@link ArgumentProvenance}: fields, tool_result, untrusted,
 * invented) is computed from the request's sources and given to Cedar as {@code
 * context.untrustedArguments} and {@code context.inventedArguments} (sets of argument names) when
 * the tool's schema declares them; the verdict records it. A compensation's arguments come from the
 * tool's own record: both sets are empty.
 *
 * <p>Egress: what a call sends out (its arguments) is scanned just before Cedar decides ({@link
 * EgressScan}) and what was found is given as {@code context.egress} (PII and secret labels) when
 * the tool's schema declares it; the recipient's own values from the system of record ({@link
 * SubjectDirectory#recipient}) are left out, so the policies can let the customer's own data go to
 * their own address and keep everything else, and every secret, in.
 */
public final class CedarAuthorizationActivities implements AuthorizationActivities {

  private static final String AGENT_TYPE = "Charter::Agent";
  private static final String BACKEND_TYPE = "Charter::Backend";

  /** When perception gave no labels, assume the most sensitive data rather than the least. */
  private static final String UNLABELLED_CLASSIFICATION = "RESTRICTED";

  private static final Logger LOG = LoggerFactory.getLogger(CedarAuthorizationActivities.class);

  private final BundleRegistry registry;
  private final ResourceDirectory resources;
  private final AuthorizationListener listener;
  private final ToolPermits permits;
  private final ToolContracts contracts = ToolContracts.standard();
  private final ArgumentProvenance provenance =
      new ArgumentProvenance(RulePerceptionActivities.DEFAULT_TRUSTED_SOURCES);

  /** Context attributes naming the arguments whose values came from untrusted text, or nowhere. */
  static final String UNTRUSTED_ARGUMENTS = "untrustedArguments";

  static final String INVENTED_ARGUMENTS = "inventedArguments";

  /** Context attribute: labels of the PII and secrets a call's arguments would send out. */
  static final String EGRESS = "egress";

  private final SubjectDirectory subjects;
  private final EgressScan egress = new EgressScan(PiiScanner.standard());

  /**
   * @param registry the bundles: each task's pinned one, the active one and a shadow candidate
   * @param resources where tool targets' attributes come from
   */
  public CedarAuthorizationActivities(BundleRegistry registry, ResourceDirectory resources) {
    this(registry, resources, AuthorizationListener.NONE);
  }

  /**
   * @param registry the bundles: each task's pinned one, the active one and a shadow candidate
   * @param resources where tool targets' attributes come from
   * @param listener told each tool verdict with its pin, and each shadow bundle decision
   */
  public CedarAuthorizationActivities(
      BundleRegistry registry, ResourceDirectory resources, AuthorizationListener listener) {
    this(registry, resources, listener, null);
  }

  /**
   * @param registry the bundles: each task's pinned one, the active one and a shadow candidate
   * @param resources where tool targets' attributes come from
   * @param listener told each tool verdict with its pin, and each shadow bundle decision
   * @param permits signs the permit of each ALLOW verdict; null issues none (then no tool acts)
   */
  public CedarAuthorizationActivities(
      BundleRegistry registry,
      ResourceDirectory resources,
      AuthorizationListener listener,
      ToolPermits permits) {
    this(registry, resources, listener, permits, SubjectDirectory.NONE);
  }

  /**
   * @param registry the bundles: each task's pinned one, the active one and a shadow candidate
   * @param resources where tool targets' attributes come from
   * @param listener told each tool verdict with its pin, and each shadow bundle decision
   * @param permits signs the permit of each ALLOW verdict; null issues none (then no tool acts)
   * @param subjects who a target is, whose own values its call may carry; {@link
   *     SubjectDirectory#NONE} counts every value found as leaving
   */
  public CedarAuthorizationActivities(
      BundleRegistry registry,
      ResourceDirectory resources,
      AuthorizationListener listener,
      ToolPermits permits,
      SubjectDirectory subjects) {
    this.registry = registry;
    this.resources = resources;
    this.listener = listener;
    this.permits = permits;
    this.subjects = subjects;
  }

  /** With one bundle that is both pinned and active, as in tests of a single bundle. */
  public CedarAuthorizationActivities(PolicyEngine engine, ResourceDirectory resources) {
    this(new BundleRegistry(engine.bundle()), resources);
  }

  /**
   * The engine of the task's pinned bundle. A bundle this worker never loaded cannot decide: the
   * caller fails closed rather than let a different bundle stand in for it.
   */
  private Optional<PolicyEngine> pinned(TaskPin pin) {
    return registry.find(pin.bundleHash());
  }

  @Override
  public RouteDecision authorizeModel(ModelAuthorizationRequest request) {
    TaskPin pin = request.pin();
    EntityData agent = agent(pin);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("labels", labels(request.labels(), pin));
    context.put("tainted", request.tainted());
    context.put("riskTier", pin.riskTier());

    List<BackendRef> permitted = new ArrayList<>();
    List<PolicyVerdict> refused = new ArrayList<>();
    List<String> refusedBackends = new ArrayList<>();
    for (BackendRef backend : pin.route()) {
      EntityData resource =
          new EntityData(
              new EntityRef(BACKEND_TYPE, backend.name()),
              Map.of(
                  "hosting", backend.hosting(),
                  "vendor", backend.vendor(),
                  "region", backend.region(),
                  "retainsData", backend.retainsData()),
              Set.of());
      AccessRequest access =
          new AccessRequest(
              agent.ref(), "invoke_model", resource.ref(), context, List.of(agent, resource));
      PolicyVerdict verdict = stricter(pin, access);
      shadowed("invoke_model", verdict);
      if (verdict.outcome() == Outcome.ALLOW) {
        permitted.add(backend);
      } else {
        refused.add(verdict);
        refusedBackends.add(backend.name());
      }
    }
    return new RouteDecision(permitted, refused, refusedBackends);
  }

  @Override
  public PolicyVerdict authorizeTool(ToolAuthorizationRequest request) {
    PolicyVerdict verdict = decideTool(request);
    if (verdict.outcome() == Outcome.ALLOW && permits != null && request.idempotencyKey() != null) {
      verdict =
          verdict.withPermit(
              permits.issue(
                  ToolPermits.Kind.TOOL,
                  request.taskId(),
                  request.step(),
                  request.callIndex(),
                  request.idempotencyKey(),
                  request.call(),
                  verdict));
    }
    try {
      listener.toolVerdict(request.pin(), request.call(), verdict);
    } catch (RuntimeException e) {
      LOG.warn(
          "event=verdict_listener_failed tool={} error={}",
          request.call().tool(),
          e.getClass().getSimpleName());
    }
    return verdict;
  }

  @Override
  public PolicyVerdict authorizeCompensation(CompensationAuthorizationRequest request) {
    Compensation compensation = request.compensation();
    PolicyVerdict verdict =
        decideTool(
            new ToolAuthorizationRequest(
                request.taskId(),
                request.step(),
                request.pin(),
                compensation.call(),
                null,
                false,
                List.of(),
                null,
                // the tool built the compensation from its own record: a system of record
                new ArgumentSources(
                    List.of(),
                    List.of(
                        new ToolResult(
                            compensation.call().tool(),
                            compensation.forKey(),
                            compensation.call().arguments(),
                            false,
                            null)))));
    if (verdict.outcome() != Outcome.ALLOW || permits == null) {
      return verdict;
    }
    return verdict.withPermit(
        permits.issue(
            ToolPermits.Kind.COMPENSATION,
            request.taskId(),
            request.step(),
            -1,
            compensation.idempotencyKey(),
            compensation.call(),
            verdict));
  }

  private PolicyVerdict decideTool(ToolAuthorizationRequest request) {
    PreparedCall prepared = prepare(request);
    if (prepared.access() == null) {
      return prepared.refusal();
    }
    PolicyVerdict verdict =
        stricter(request.pin(), prepared.access())
            .withFacts(prepared.facts().sources())
            .withArgumentProvenance(ArgumentProvenance.labels(prepared.provenance()));
    shadowed(request.call().tool(), verdict);
    return verdict;
  }

  /**
   * The Cedar request a tool call is decided on, its facts loaded from the system of record now;
   * empty when the system of record has no such row (the call is then denied without asking Cedar).
   * For benchmarks and explanations: {@link #authorizeTool} is what decides.
   */
  public Optional<AccessRequest> toolAccessRequest(ToolAuthorizationRequest request) {
    return Optional.ofNullable(prepare(request).access());
  }

  /** A call made ready for Cedar, or the refusal when its facts are missing. */
  private record PreparedCall(
      AccessRequest access,
      ResourceFacts facts,
      Map<String, ArgumentProvenance.Source> provenance,
      PolicyVerdict refusal) {}

  private PreparedCall prepare(ToolAuthorizationRequest request) {
    ToolCall call = request.call();
    TaskPin pin = request.pin();
    Optional<PolicyEngine> pinnedEngine = pinned(pin);
    PolicyEngine typing = pinnedEngine.orElse(registry.active());
    Map<String, String> inputTypes = typing.bundle().toolInputs().get(call.tool());
    if (inputTypes == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "unknown tool `"
              + call.tool()
              + "`: policy bundle `"
              + typing.bundle().name()
              + "` has no such action; known tools "
              + typing.bundle().toolInputs().keySet(),
          "UnknownTool");
    }
    // Refused before authorization: a call that breaks its tool's contract is never put to Cedar.
    contracts.check(call);
    EntityRef target;
    try {
      target = EntityRef.parse(call.target());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "tool `" + call.tool() + "`: target " + e.getMessage(), "InvalidToolTarget");
    }
    Map<String, Object> input =
        typedInput(
            call,
            inputTypes,
            typing.bundle().optionalToolInputs().getOrDefault(call.tool(), Set.of()));

    String hash = ToolCalls.argumentsSha256(call);
    Set<String> approvals = new TreeSet<>();
    String activeId = registry.active().bundle().id();
    for (GrantedApproval approval : request.approvals()) {
      // An approval binds to the exact arguments it was given for, and to the bundle that asked:
      // after a switch the call is asked about again under the rules now in force.
      if (hash.equals(approval.argumentsSha256())
          && (approval.bundleHash() == null || approval.bundleHash().equals(activeId))) {
        approvals.add(approval.role());
      }
    }

    ResourceFacts facts = resources.load(call, target);
    if (facts.missing() != null) {
      return new PreparedCall(
          null,
          facts,
          null,
          PolicyVerdict.of(
              Outcome.DENY,
              List.of(),
              List.of(),
              pin.bundleHash(),
              List.of(
                  "unknown "
                      + facts.missing()
                      + " for tool `"
                      + call.tool()
                      + "`: the system of record has no such row"),
              0));
    }
    EntityData agent = agent(pin);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("input", input);
    context.put("labels", labels(request.labels(), pin));
    context.put("tainted", request.tainted());
    context.put("riskTier", pin.riskTier());
    context.put("approvals", approvals);
    // No sources means no one can say where the values came from: fail closed, as if invented.
    Map<String, ArgumentProvenance.Source> found =
        request.sources() == null
            ? ArgumentProvenance.unknown(call)
            : provenance.of(call, request.sources());
    Set<String> declared = typing.bundle().toolContexts().getOrDefault(call.tool(), Set.of());
    if (declared.contains(UNTRUSTED_ARGUMENTS)) {
      context.put(
          UNTRUSTED_ARGUMENTS,
          ArgumentProvenance.named(found, ArgumentProvenance.Source.UNTRUSTED));
    }
    if (declared.contains(INVENTED_ARGUMENTS)) {
      context.put(
          INVENTED_ARGUMENTS, ArgumentProvenance.named(found, ArgumentProvenance.Source.INVENTED));
    }
    if (declared.contains(EGRESS)) {
      context.put(EGRESS, egress.labels(call.arguments(), subjects.recipient(target)));
    }
    facts
        .context()
        .forEach(
            (name, entity) -> {
              // a loaded fact never overwrites what the authorizer itself put in the context
              if (context.putIfAbsent(name, entity) != null) {
                throw new IllegalStateException(
                    "resource directory tried to replace context `" + name + "`");
              }
            });
    List<EntityData> entities = new ArrayList<>();
    entities.add(agent);
    entities.add(facts.resource());
    entities.addAll(facts.related());
    return new PreparedCall(
        new AccessRequest(agent.ref(), call.tool(), target, context, entities), facts, found, null);
  }

  /** Tells the listener what the shadow candidate decided, if one ran. */
  private void shadowed(String action, PolicyVerdict verdict) {
    if (verdict.shadow() == null) {
      return;
    }
    try {
      listener.shadowVerdict(action, verdict.activeBundleHash(), verdict.shadow());
    } catch (RuntimeException e) {
      LOG.warn(
          "event=verdict_listener_failed action={} error={}", action, e.getClass().getSimpleName());
    }
  }

  /**
   * Decides with the pinned bundle and the active one; the stricter verdict counts, the pinned one
   * on a tie. A shadow candidate decides too, for the record only.
   */
  private PolicyVerdict stricter(TaskPin pin, AccessRequest access) {
    PolicyEngine active = registry.active();
    Optional<PolicyEngine> pinnedEngine = pinned(pin);
    PolicyDecision activeDecision = active.decide(access);
    PolicyDecision pinnedDecision =
        pinnedEngine.isEmpty()
            ? new PolicyDecision(
                Verdict.DENY,
                List.of(),
                List.of(),
                pin.bundleHash(),
                List.of(
                    "pinned policy bundle `"
                        + pin.bundleHash()
                        + "` is not loaded in this worker; load it (charter policy load) to let"
                        + " the task go on"),
                0)
            : pinnedEngine.get() == active ? activeDecision : pinnedEngine.get().decide(access);
    PolicyDecision counting =
        rank(activeDecision.outcome()) > rank(pinnedDecision.outcome())
            ? activeDecision
            : pinnedDecision;
    PolicyVerdict.ShadowVerdict shadow =
        registry
            .shadow()
            .filter(candidate -> candidate != active)
            .map(
                candidate -> {
                  PolicyDecision decided = candidate.decide(access);
                  return new PolicyVerdict.ShadowVerdict(
                      decided.bundleId(),
                      Outcome.valueOf(decided.outcome().name()),
                      decided.determiningPolicies(),
                      decided.sameDecisionAs(activeDecision));
                })
            .orElse(null);
    PolicyVerdict.Builder verdict =
        PolicyVerdict.builder(Outcome.valueOf(counting.outcome().name()), counting.bundleId())
            .determiningPolicies(counting.determiningPolicies())
            .requiredRoles(counting.requiredRoles())
            .errors(counting.errors())
            .evaluationMicros(
                (activeDecision.evaluationNanos()
                        + (pinnedDecision == activeDecision ? 0 : pinnedDecision.evaluationNanos()))
                    / 1_000)
            .pinned(pin.bundleHash(), Outcome.valueOf(pinnedDecision.outcome().name()))
            .active(active.bundle().id(), Outcome.valueOf(activeDecision.outcome().name()))
            .shadow(shadow)
            .erroringPolicies(
                counting.erroringPolicies().stream()
                    .map(e -> new PolicyVerdict.PolicyError(e.policyId(), e.message()))
                    .toList());
    if (counting.failClosed()) {
      verdict.failedClosed(Outcome.valueOf(counting.policyVerdict().name()));
    }
    // the facts are the caller's to add: it loaded them
    return verdict.build();
  }

  /** DENY over REQUIRE_APPROVAL over ALLOW. */
  private static int rank(Verdict verdict) {
    return switch (verdict) {
      case ALLOW -> 0;
      case REQUIRE_APPROVAL -> 1;
      case DENY -> 2;
    };
  }

  /** Converts the model's string arguments to the types the schema declares for the tool. */
  private static Map<String, Object> typedInput(
      ToolCall call, Map<String, String> types, Set<String> optional) {
    for (String name : call.arguments().keySet()) {
      if (!types.containsKey(name)) {
        throw invalidArgument(call, name, call.arguments().get(name), "is not an argument of it");
      }
    }
    Map<String, Object> input = new LinkedHashMap<>();
    for (Map.Entry<String, String> attribute : types.entrySet()) {
      String name = attribute.getKey();
      String raw = call.arguments().get(name);
      if (raw == null && optional.contains(name)) {
        continue;
      }
      if (raw == null) {
        throw invalidArgument(call, name, null, "is missing");
      }
      input.put(name, typed(call, name, raw, attribute.getValue()));
    }
    return input;
  }

  private static Object typed(ToolCall call, String name, String raw, String type) {
    switch (type) {
      case "String":
        return raw;
      case "Long":
        try {
          return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
          throw invalidArgument(call, name, raw, "is not a whole number");
        }
      case "Bool":
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
          return Boolean.parseBoolean(raw);
        }
        throw invalidArgument(call, name, raw, "is not true or false");
      default:
        throw invalidArgument(
            call, name, raw, "has schema type `" + type + "`, which a tool argument cannot carry");
    }
  }

  private static ApplicationFailure invalidArgument(
      ToolCall call, String name, String value, String problem) {
    String shown = value == null ? "" : " = `" + value + "`";
    return ApplicationFailure.newNonRetryableFailure(
        "tool `" + call.tool() + "`: argument `" + name + "`" + shown + " " + problem,
        "InvalidToolArguments");
  }

  private static EntityData agent(TaskPin pin) {
    return new EntityData(
        new EntityRef(AGENT_TYPE, pin.profile()),
        Map.of("profile", pin.profile(), "tenant", pin.tenant(), "riskTier", pin.riskTier()),
        Set.of());
  }

  private static Map<String, Object> labels(DataLabels labels, TaskPin pin) {
    DataLabels known =
        labels == null ? new DataLabels(UNLABELLED_CLASSIFICATION, List.of(), null) : labels;
    String classification =
        known.classification() == null ? UNLABELLED_CLASSIFICATION : known.classification();
    String residency = known.residency() == null ? pin.residency() : known.residency();
    return Map.of(
        "classification",
        classification,
        "pii",
        known.piiKinds(),
        "residency",
        residency == null ? "" : residency);
  }
}
