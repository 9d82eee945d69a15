package dev.charter.policy;

import com.cedarpolicy.AuthorizationEngine;
import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.BadRequestException;
import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides {@link AccessRequest}s against one {@link PolicyBundle}: ALLOW, DENY or REQUIRE_APPROVAL
 * (DESIGN.md section 3, step 4).
 *
 * <p>The bundle is sliced by action: a request is evaluated only against the policies whose action
 * scope can match its action (scoped on that action, on a group it is in, or unscoped). A policy
 * whose scope cannot match is never satisfied and never evaluates its conditions, so it can neither
 * decide nor fail: the slice decides exactly as the whole bundle does ({@code PolicySlicingTest}
 * proves it against {@link #reference}). Each slice and the schema are parsed once and cached on
 * the native side, so a decision costs one native call per evaluation round. Thread-safe: nothing
 * mutable is shared after construction. Every request is validated against the schema, and any
 * error denies.
 */
public final class PolicyEngine {

  private static final EntityTypeName ACTION_TYPE =
      EntityTypeName.parse(PolicyBundle.ACTION_NAMESPACE + "::Action").orElseThrow();

  private static final String ACTION_TYPE_NAME = PolicyBundle.ACTION_NAMESPACE + "::Action";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PolicyBundle bundle;
  private final AuthorizationEngine cedar = new BasicAuthorizationEngine();
  private final PolicySet wholeSet;
  private final Map<String, PolicySet> slices;
  private final Schema schema;
  private final Map<String, PolicyInfo> policiesById = new HashMap<>();
  private final int maxApprovalRounds;

  /** Prepares the bundle's policies, sliced by action, and schema for fast evaluation. */
  public PolicyEngine(PolicyBundle bundle) {
    this(bundle, Mode.SLICED_CACHED);
  }

  /**
   * The reference engine: the whole bundle on every request, re-sent as text and re-parsed by the
   * native side each time (the plain cedar-java call). Same verdicts as {@link
   * #PolicyEngine(PolicyBundle)}, much slower; it is the baseline of the differential test and the
   * benchmark.
   */
  public static PolicyEngine reference(PolicyBundle bundle) {
    return new PolicyEngine(bundle, Mode.REFERENCE);
  }

  /**
   * The whole bundle on every request, pre-parsed and cached but not sliced: the middle baseline of
   * the benchmark, which separates what caching and what slicing contribute.
   */
  public static PolicyEngine unsliced(PolicyBundle bundle) {
    return new PolicyEngine(bundle, Mode.WHOLE_CACHED);
  }

  /** How an engine hands policies to the native side. */
  private enum Mode {
    SLICED_CACHED,
    WHOLE_CACHED,
    REFERENCE
  }

  private PolicyEngine(PolicyBundle bundle, Mode mode) {
    this.bundle = bundle;
    Set<Policy> policies = new LinkedHashSet<>();
    for (PolicyInfo info : bundle.policies()) {
      // Built with the @id as Cedar's policy id, so Cedar's reasons carry our ids.
      policies.add(new Policy(info.source(), info.id()));
      policiesById.put(info.id(), info);
    }
    this.wholeSet = new PolicySet(policies);
    try {
      this.schema = Schema.parse(Schema.JsonOrCedar.Cedar, bundle.schemaText());
      if (mode != Mode.REFERENCE) {
        this.slices = mode == Mode.SLICED_CACHED ? slice(bundle, policies) : Map.of();
        Set<PolicySet> distinct = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(slices.values());
        for (PolicySet slice : distinct) {
          slice.cache();
        }
        wholeSet.cache();
        schema.cache();
      } else {
        this.slices = Map.of();
      }
    } catch (AuthException | CacheException e) {
      throw new IllegalStateException(
          "validated bundle " + bundle.id() + " failed to load: " + e.getMessage(), e);
    }
    // Each round adds at least one new role, so one round per role plus the first suffices.
    this.maxApprovalRounds = bundle.approvalRoles().size() + 1;
  }

  /** One policy set per action of the bundle: the policies whose action scope can match it. */
  private static Map<String, PolicySet> slice(PolicyBundle bundle, Set<Policy> policies)
      throws AuthException {
    Map<Policy, ActionScope> scopes = new LinkedHashMap<>();
    for (Policy policy : policies) {
      scopes.put(policy, ActionScope.of(policy));
    }
    Map<Set<String>, PolicySet> shared = new HashMap<>();
    Map<String, PolicySet> slices = new HashMap<>();
    for (Map.Entry<String, Set<String>> action : bundle.actionGroups().entrySet()) {
      Set<String> matching = new LinkedHashSet<>();
      matching.add(action.getKey());
      matching.addAll(action.getValue());
      Set<Policy> slice = new LinkedHashSet<>();
      Set<String> ids = new TreeSet<>();
      scopes.forEach(
          (policy, scope) -> {
            if (scope.canMatch(matching)) {
              slice.add(policy);
              ids.add(policy.policyID);
            }
          });
      // Actions with the same policies share one native set.
      slices.put(action.getKey(), shared.computeIfAbsent(ids, k -> new PolicySet(slice)));
    }
    return slices;
  }

  /** The number of policies a request for {@code action} is evaluated against. */
  public int sliceSize(String action) {
    PolicySet slice = slices.get(action);
    return slice == null ? wholeSet.getNumPolicies() : slice.getNumPolicies();
  }

  /** A policy's action scope, read from its JSON form: all actions, or a set of action uids. */
  private record ActionScope(boolean all, Set<String> actionIds) {

    static ActionScope of(Policy policy) throws AuthException {
      JsonNode action;
      try {
        action = JSON.readTree(policy.toJson()).path("action");
      } catch (java.io.IOException e) {
        throw new IllegalStateException("policy `" + policy.policyID + "` has no JSON form", e);
      }
      String op = action.path("op").asText();
      List<JsonNode> entities = new ArrayList<>();
      if ("==".equals(op) || ("in".equals(op) && action.has("entity"))) {
        entities.add(action.path("entity"));
      } else if ("in".equals(op) && action.has("entities")) {
        action.path("entities").forEach(entities::add);
      } else {
        // "All", or a form this reader does not know: the policy goes into every slice.
        return new ActionScope(true, Set.of());
      }
      Set<String> ids = new HashSet<>();
      for (JsonNode entity : entities) {
        if (!ACTION_TYPE_NAME.equals(entity.path("type").asText())) {
          // An action of another namespace: keeping the policy everywhere is always safe.
          return new ActionScope(true, Set.of());
        }
        ids.add(entity.path("id").asText());
      }
      return new ActionScope(false, ids);
    }

    /** Whether an action that is, or is in, one of {@code actionAndGroups} can match. */
    boolean canMatch(Set<String> actionAndGroups) {
      if (all) {
        return true;
      }
      for (String id : actionIds) {
        if (actionAndGroups.contains(id)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The bundle this engine decides with. */
  public PolicyBundle bundle() {
    return bundle;
  }

  /**
   * Decides one request. Cedar DENY caused only by {@code @approval("role")} forbids is
   * re-evaluated with those roles added to {@code context.approvals}; if that allows, the answer is
   * REQUIRE_APPROVAL naming the roles. Any evaluation or request error is DENY (fail closed) with
   * the errors listed.
   */
  public PolicyDecision decide(AccessRequest request) {
    long start = System.nanoTime();
    EntityUID principal;
    EntityUID resource;
    Set<Entity> entities = new HashSet<>();
    Map<String, Value> context;
    try {
      principal = CedarValues.uid(request.principal());
      resource = CedarValues.uid(request.resource());
      for (EntityData data : request.entities()) {
        entities.add(CedarValues.entity(data));
      }
      context = CedarValues.record("context", request.context());
    } catch (IllegalArgumentException e) {
      return deny(List.of(), List.of("bad request: " + e.getMessage()), start);
    }
    EntityUID action = new EntityUID(ACTION_TYPE, request.action());
    Entities entitySet = new Entities(entities);

    List<String> roles = new ArrayList<>();
    Set<String> forbids = new LinkedHashSet<>();
    for (int round = 0; round <= maxApprovalRounds; round++) {
      Evaluation evaluation =
          evaluate(request.action(), principal, action, resource, context, entitySet);
      if (!evaluation.errors().isEmpty()) {
        return deny(evaluation.failingPolicies(), evaluation.errors(), start);
      }
      if (evaluation.allowed()) {
        return round == 0
            ? decision(Verdict.ALLOW, sorted(evaluation.reasons()), List.of(), List.of(), start)
            : decision(Verdict.REQUIRE_APPROVAL, List.copyOf(forbids), roles, List.of(), start);
      }
      List<String> newRoles = new ArrayList<>();
      boolean onlyApprovalForbids = !evaluation.reasons().isEmpty();
      for (String id : sorted(evaluation.reasons())) {
        PolicyInfo info = policiesById.get(id);
        String role = info == null ? null : info.approvalRole();
        if (role == null) {
          onlyApprovalForbids = false;
        } else if (!roles.contains(role) && !newRoles.contains(role)) {
          newRoles.add(role);
        }
      }
      forbids.addAll(sorted(evaluation.reasons()));
      if (!onlyApprovalForbids || newRoles.isEmpty()) {
        return deny(List.copyOf(forbids), List.of(), start);
      }
      roles.addAll(newRoles);
      context = withApprovals(context, request.context().get("approvals"), roles);
    }
    return deny(
        List.copyOf(forbids),
        List.of("approval re-evaluation did not settle after " + maxApprovalRounds + " rounds"),
        start);
  }

  /** The context with {@code approvals} = the approvals already granted plus {@code roles}. */
  private static Map<String, Value> withApprovals(
      Map<String, Value> context, Object granted, List<String> roles) {
    Set<Object> approvals = new LinkedHashSet<>(roles);
    if (granted instanceof Collection<?> already) {
      approvals.addAll(already);
    }
    Map<String, Value> next = new LinkedHashMap<>(context);
    next.put("approvals", CedarValues.value("context.approvals", approvals));
    return next;
  }

  /** The action's slice; the whole bundle for an action the schema does not know. */
  private PolicySet policiesFor(String action) {
    return slices.getOrDefault(action, wholeSet);
  }

  private Evaluation evaluate(
      String actionName,
      EntityUID principal,
      EntityUID action,
      EntityUID resource,
      Map<String, Value> context,
      Entities entities) {
    AuthorizationRequest request =
        new AuthorizationRequest(
            principal, action, resource, Optional.of(context), Optional.of(schema), true);
    AuthorizationResponse response;
    try {
      response = cedar.isAuthorized(request, policiesFor(actionName), entities);
    } catch (BadRequestException e) {
      return Evaluation.failed(List.of(), e.getErrors());
    } catch (AuthException | RuntimeException e) {
      return Evaluation.failed(List.of(), List.of(PolicyBundle.nativeMessage(e)));
    }
    if (response.success.isEmpty()) {
      List<String> errors = new ArrayList<>();
      response.errors.ifPresent(list -> list.forEach(e -> errors.add(e.message)));
      if (errors.isEmpty()) {
        errors.add("Cedar returned no decision");
      }
      return Evaluation.failed(List.of(), errors);
    }
    AuthorizationSuccessResponse success = response.success.get();
    List<String> failing = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (AuthorizationSuccessResponse.AuthorizationError error : success.getErrors()) {
      failing.add(error.getPolicyId());
      errors.add("policy `" + error.getPolicyId() + "`: " + error.getError().message);
    }
    return new Evaluation(success.isAllowed(), success.getReason(), failing, errors);
  }

  private PolicyDecision deny(List<String> determining, List<String> errors, long start) {
    return decision(Verdict.DENY, determining, List.of(), errors, start);
  }

  private PolicyDecision decision(
      Verdict verdict,
      List<String> determining,
      List<String> roles,
      List<String> errors,
      long start) {
    return new PolicyDecision(
        verdict, determining, roles, bundle.id(), errors, System.nanoTime() - start);
  }

  private static List<String> sorted(Set<String> ids) {
    return List.copyOf(new TreeSet<>(ids));
  }

  /** One native evaluation. */
  private record Evaluation(
      boolean allowed, Set<String> reasons, List<String> failingPolicies, List<String> errors) {

    static Evaluation failed(List<String> failingPolicies, List<String> errors) {
      return new Evaluation(false, Set.of(), failingPolicies, List.copyOf(errors));
    }
  }
}
