package dev.charter.activities.authorization;

import dev.charter.activity.AuthorizationActivities;
import dev.charter.contract.BackendRef;
import dev.charter.contract.DataLabels;
import dev.charter.contract.GrantedApproval;
import dev.charter.contract.ModelAuthorizationRequest;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolCall;
import dev.charter.policy.AccessRequest;
import dev.charter.policy.EntityData;
import dev.charter.policy.EntityRef;
import dev.charter.policy.PolicyDecision;
import dev.charter.policy.PolicyEngine;
import dev.charter.policy.Verdict;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Asks Cedar, through the {@link PolicyEngine}, which backends a step may use and whether a
 * proposed tool call may run (DESIGN.md section 3, steps 2 and 4).
 *
 * <p>The agent is {@code Charter::Agent::"<profile>"} with the pin's profile, tenant and risk tier.
 * A tool call's action is its tool name and its resource its target, whose attributes come from the
 * {@link ResourceDirectory}; its string arguments are typed by the bundle's schema into {@code
 * context.input}. Bad calls (unknown tool, bad target, missing or malformed argument) are permanent
 * failures; anything Cedar cannot evaluate is a DENY verdict with the error listed.
 */
public final class CedarAuthorizationActivities implements AuthorizationActivities {

  private static final String AGENT_TYPE = "Charter::Agent";
  private static final String BACKEND_TYPE = "Charter::Backend";

  /** When perception gave no labels, assume the most sensitive data rather than the least. */
  private static final String UNLABELLED_CLASSIFICATION = "RESTRICTED";

  private final PolicyEngine engine;
  private final ResourceDirectory resources;

  /**
   * @param engine the engine whose bundle decides (and whose id every verdict reports)
   * @param resources where tool targets' attributes come from
   */
  public CedarAuthorizationActivities(PolicyEngine engine, ResourceDirectory resources) {
    this.engine = engine;
    this.resources = resources;
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
      PolicyDecision decision =
          engine.decide(
              new AccessRequest(
                  agent.ref(), "invoke_model", resource.ref(), context, List.of(agent, resource)));
      if (decision.outcome() == Verdict.ALLOW) {
        permitted.add(backend);
      } else {
        refused.add(verdict(decision));
        refusedBackends.add(backend.name());
      }
    }
    return new RouteDecision(permitted, refused, refusedBackends);
  }

  @Override
  public PolicyVerdict authorizeTool(ToolAuthorizationRequest request) {
    ToolCall call = request.call();
    TaskPin pin = request.pin();
    Map<String, String> inputTypes = engine.bundle().toolInputs().get(call.tool());
    if (inputTypes == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "unknown tool `"
              + call.tool()
              + "`: policy bundle `"
              + engine.bundle().name()
              + "` has no such action; known tools "
              + engine.bundle().toolInputs().keySet(),
          "UnknownTool");
    }
    EntityRef target;
    try {
      target = EntityRef.parse(call.target());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "tool `" + call.tool() + "`: target " + e.getMessage(), "InvalidToolTarget");
    }
    Map<String, Object> input = typedInput(call, inputTypes);

    String hash = ToolCalls.argumentsSha256(call);
    Set<String> approvals = new TreeSet<>();
    for (GrantedApproval approval : request.approvals()) {
      // An approval binds to the exact arguments it was given for.
      if (hash.equals(approval.argumentsSha256())) {
        approvals.add(approval.role());
      }
    }

    Optional<EntityData> resource = resources.find(target);
    if (resource.isEmpty()) {
      return new PolicyVerdict(
          Outcome.DENY,
          List.of(),
          List.of(),
          engine.bundle().id(),
          List.of("unknown resource `" + target.toCedar() + "` for tool `" + call.tool() + "`"),
          0);
    }
    EntityData agent = agent(pin);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("input", input);
    context.put("labels", labels(request.labels(), pin));
    context.put("tainted", request.tainted());
    context.put("riskTier", pin.riskTier());
    context.put("approvals", approvals);
    return verdict(
        engine.decide(
            new AccessRequest(
                agent.ref(), call.tool(), target, context, List.of(agent, resource.get()))));
  }

  /** Converts the model's string arguments to the types the schema declares for the tool. */
  private static Map<String, Object> typedInput(ToolCall call, Map<String, String> types) {
    for (String name : call.arguments().keySet()) {
      if (!types.containsKey(name)) {
        throw invalidArgument(call, name, call.arguments().get(name), "is not an argument of it");
      }
    }
    Map<String, Object> input = new LinkedHashMap<>();
    for (Map.Entry<String, String> attribute : types.entrySet()) {
      String name = attribute.getKey();
      String raw = call.arguments().get(name);
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

  static PolicyVerdict verdict(PolicyDecision decision) {
    return new PolicyVerdict(
        Outcome.valueOf(decision.outcome().name()),
        decision.determiningPolicies(),
        decision.requiredRoles(),
        decision.bundleId(),
        decision.errors(),
        decision.evaluationNanos() / 1_000);
  }
}
