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
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Decides {@link AccessRequest}s against one {@link PolicyBundle}: ALLOW, DENY or REQUIRE_APPROVAL
 * (DESIGN.md section 3, step 4), reporting exactly what Cedar decided.
 *
 * <p>The bundle is sliced by action: a request is evaluated only against the policies whose action
 * scope can match its action (scoped on that action, on a group it is in, or unscoped). A policy
 * whose scope cannot match is never satisfied and never evaluates its conditions, so it can neither
 * decide nor fail: the slice decides exactly as the whole bundle does. Only the entities the
 * slice's policies can reach are converted and sent ({@link EntityReach}). {@code
 * PolicyDifferentialTest} proves decisions, determining and erroring policies equal to plain
 * cedar-java on the whole set.
 *
 * <p>Each slice and the schema are parsed once and cached on the native side. {@link #close()}
 * frees them explicitly; an engine used after that prepares them again. Thread-safe. Every request
 * is validated against the schema. A policy that fails to evaluate is reported beside Cedar's
 * decision and handled by the engine's {@link OnPolicyError} rule.
 */
public final class PolicyEngine implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PolicyBundle bundle;
  private final OnPolicyError onPolicyError;
  private final Mode mode;
  private final AuthorizationEngine cedar = new BasicAuthorizationEngine();
  private final Slice whole;
  private final Map<String, Slice> slices;
  private final Schema schema;
  private final Map<String, PolicyInfo> policiesById = new HashMap<>();
  private final int maxApprovalRounds;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<String> cachedSetKeys = new ArrayList<>();
  private String cachedSchemaKey;
  private boolean prepared;

  /** Prepares the bundle's policies, sliced by action, and schema; policy errors deny. */
  public PolicyEngine(PolicyBundle bundle) {
    this(bundle, OnPolicyError.DENY);
  }

  /** Prepares the bundle's policies, sliced by action, and schema, with the given error rule. */
  public PolicyEngine(PolicyBundle bundle, OnPolicyError onPolicyError) {
    this(bundle, Mode.SLICED_CACHED, onPolicyError);
  }

  /**
   * The reference engine: the whole bundle and every entity on every request, re-sent as text and
   * re-parsed by the native side each time (the plain cedar-java call). Same verdicts as {@link
   * #PolicyEngine(PolicyBundle)}, much slower; it is the benchmark's baseline.
   */
  public static PolicyEngine reference(PolicyBundle bundle) {
    return new PolicyEngine(bundle, Mode.REFERENCE, OnPolicyError.DENY);
  }

  /**
   * The whole bundle on every request, pre-parsed and cached but not sliced: the middle baseline of
   * the benchmark, which separates what caching and what slicing contribute.
   */
  public static PolicyEngine unsliced(PolicyBundle bundle) {
    return new PolicyEngine(bundle, Mode.WHOLE_CACHED, OnPolicyError.DENY);
  }

  /** How an engine hands policies to the native side. */
  private enum Mode {
    SLICED_CACHED,
    WHOLE_CACHED,
    REFERENCE
  }

  /** A policy set and what its policies can reach of the entities. */
  private record Slice(PolicySet policies, EntityReach reach) {}

  private PolicyEngine(PolicyBundle bundle, Mode mode, OnPolicyError onPolicyError) {
    this.bundle = bundle;
    this.mode = mode;
    this.onPolicyError = onPolicyError;
    Map<Policy, JsonNode> policies = new LinkedHashMap<>();
    try {
      for (PolicyInfo info : bundle.policies()) {
        // Built with the @id as Cedar's policy id, so Cedar's reasons carry our ids.
        Policy policy = new Policy(info.source(), info.id());
        policies.put(policy, mode == Mode.SLICED_CACHED ? JSON.readTree(policy.toJson()) : null);
        policiesById.put(info.id(), info);
      }
      this.schema = Schema.parse(Schema.JsonOrCedar.Cedar, bundle.schemaText());
    } catch (AuthException | IOException e) {
      throw new IllegalStateException(
          "validated bundle " + bundle.id() + " failed to load: " + e.getMessage(), e);
    }
    PolicySet wholeSet = new PolicySet(new LinkedHashSet<>(policies.keySet()));
    this.whole =
        new Slice(wholeSet, mode == Mode.SLICED_CACHED ? EntityReach.of(policies.values()) : null);
    this.slices = mode == Mode.SLICED_CACHED ? slice(bundle, policies) : Map.of();
    // Each round adds at least one new role, so one round per role plus the first suffices.
    this.maxApprovalRounds = bundle.approvalRoles().size() + 1;
    prepare();
  }

  /** One slice per action of the bundle: the policies whose action scope can match it. */
  private static Map<String, Slice> slice(PolicyBundle bundle, Map<Policy, JsonNode> policies) {
    Map<Policy, ActionScope> scopes = new LinkedHashMap<>();
    policies.forEach((policy, json) -> scopes.put(policy, ActionScope.of(bundle, json)));
    Map<Set<String>, Slice> shared = new HashMap<>();
    Map<String, Slice> slices = new HashMap<>();
    for (Map.Entry<String, Set<String>> action : bundle.actionGroups().entrySet()) {
      Set<String> matching = new HashSet<>();
      matching.add(action.getKey());
      matching.addAll(action.getValue());
      Set<Policy> slice = new LinkedHashSet<>();
      List<JsonNode> forms = new ArrayList<>();
      Set<String> ids = new TreeSet<>();
      scopes.forEach(
          (policy, scope) -> {
            if (scope.canMatch(matching)) {
              slice.add(policy);
              forms.add(policies.get(policy));
              ids.add(policy.policyID);
            }
          });
      // Actions with the same policies share one native set.
      slices.put(
          action.getKey(),
          shared.computeIfAbsent(ids, k -> new Slice(new PolicySet(slice), EntityReach.of(forms))));
    }
    return slices;
  }

  /** The distinct policy sets this engine caches natively. */
  private Collection<PolicySet> cachedSets() {
    return switch (mode) {
      case SLICED_CACHED -> {
        Set<PolicySet> distinct =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        slices.values().forEach(s -> distinct.add(s.policies()));
        yield distinct;
      }
      case WHOLE_CACHED -> List.of(whole.policies());
      case REFERENCE -> List.of();
    };
  }

  /**
   * Parses and caches this engine's policy sets and schema natively, if they are not already. An
   * engine prepares itself when built and, after {@link #close()}, when next used.
   */
  public void prepare() {
    Lock write = lock.writeLock();
    write.lock();
    try {
      prepareLocked();
    } finally {
      write.unlock();
    }
  }

  private void prepareLocked() {
    if (prepared || mode == Mode.REFERENCE) {
      prepared = true;
      return;
    }
    try {
      for (PolicySet set : cachedSets()) {
        cachedSetKeys.add(NativeCache.cache(set));
      }
      cachedSchemaKey = NativeCache.cache(schema);
      prepared = true;
    } catch (CacheException e) {
      releaseLocked();
      throw new IllegalStateException(
          "bundle "
              + bundle.id()
              + " cannot be cached natively ("
              + NativeCache.live()
              + " sets live): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Frees this engine's natively cached policy sets and schema now, rather than whenever the
   * collector runs. Decisions in flight finish first; a later decision prepares them again.
   */
  @Override
  public void close() {
    Lock write = lock.writeLock();
    write.lock();
    try {
      releaseLocked();
    } finally {
      write.unlock();
    }
  }

  private void releaseLocked() {
    cachedSetKeys.forEach(NativeCache::releasePolicySet);
    cachedSetKeys.clear();
    if (cachedSchemaKey != null) {
      NativeCache.releaseSchema(cachedSchemaKey);
      cachedSchemaKey = null;
    }
    prepared = mode == Mode.REFERENCE;
  }

  /** The number of native cache entries (policy sets and schema) this engine holds now. */
  public int cachedEntries() {
    Lock read = lock.readLock();
    read.lock();
    try {
      return cachedSetKeys.size() + (cachedSchemaKey == null ? 0 : 1);
    } finally {
      read.unlock();
    }
  }

  /**
   * Native cache entries (policy sets and schemas) held by every engine of this JVM, not yet freed:
   * the figure to watch against cedar-java's cap ({@code cedar.cache.maxPolicySets}).
   */
  public static int liveCachedEntries() {
    return NativeCache.live();
  }

  /** The number of policies a request for {@code action} (a key) is evaluated against. */
  public int sliceSize(String action) {
    Slice slice = slices.get(action);
    return slice == null ? whole.policies().getNumPolicies() : slice.policies().getNumPolicies();
  }

  /** A policy's action scope, read from its JSON form: all actions, or a set of action keys. */
  private record ActionScope(boolean all, Set<String> actionKeys) {

    static ActionScope of(PolicyBundle bundle, JsonNode policy) {
      JsonNode action = policy.path("action");
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
      Set<String> keys = new HashSet<>();
      for (JsonNode entity : entities) {
        Optional<String> key =
            bundle.actionKey(
                new EntityRef(entity.path("type").asText(), entity.path("id").asText()));
        if (key.isEmpty()) {
          // An action the schema does not declare: keeping the policy everywhere is always safe.
          return new ActionScope(true, Set.of());
        }
        keys.add(key.get());
      }
      return new ActionScope(false, keys);
    }

    /** Whether an action that is, or is in, one of {@code actionAndGroups} can match. */
    boolean canMatch(Set<String> actionAndGroups) {
      if (all) {
        return true;
      }
      for (String key : actionKeys) {
        if (actionAndGroups.contains(key)) {
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

  /** What this engine does when a policy fails to evaluate. */
  public OnPolicyError onPolicyError() {
    return onPolicyError;
  }

  /**
   * Decides one request. Cedar DENY caused only by {@code @approval("role")} forbids is
   * re-evaluated with those roles added to {@code context.approvals}; if that allows, the answer is
   * REQUIRE_APPROVAL naming the roles. A request Cedar cannot take is DENY with its errors. When a
   * policy fails to evaluate, the engine's {@link OnPolicyError} rule applies after Cedar decided.
   */
  public PolicyDecision decide(AccessRequest request) {
    long start = System.nanoTime();
    Lock read = lock.readLock();
    read.lock();
    if (!prepared) {
      read.unlock();
      Lock write = lock.writeLock();
      write.lock();
      try {
        prepareLocked();
        read.lock();
      } finally {
        write.unlock();
      }
    }
    try {
      return decidePrepared(request, start);
    } finally {
      read.unlock();
    }
  }

  private PolicyDecision decidePrepared(AccessRequest request, long start) {
    EntityUID principal;
    EntityUID action;
    EntityUID resource;
    Slice slice;
    Map<String, Value> context;
    Set<Entity> entities = new HashSet<>();
    try {
      EntityRef actionRef = bundle.actionUid(request.action());
      slice =
          mode == Mode.SLICED_CACHED
              ? slices.get(bundle.actionKey(actionRef).orElseThrow())
              : whole;
      principal = CedarValues.uid(request.principal());
      action = CedarValues.uid(actionRef);
      resource = CedarValues.uid(request.resource());
      List<EntityData> reached =
          slice.reach() == null ? request.entities() : slice.reach().reachable(request);
      for (EntityData data : reached) {
        entities.add(CedarValues.entity(data));
      }
      context = CedarValues.record("context", request.context());
    } catch (IllegalArgumentException e) {
      return badRequest(List.of("bad request: " + e.getMessage()), List.of(), null, start);
    }
    Entities entitySet = new Entities(entities);

    List<String> roles = new ArrayList<>();
    Set<String> forbids = new LinkedHashSet<>();
    Map<String, PolicyError> policyErrors = new LinkedHashMap<>();
    Verdict cedarDecision = null;
    for (int round = 0; round <= maxApprovalRounds; round++) {
      Evaluation evaluation = evaluate(slice, principal, action, resource, context, entitySet);
      if (!evaluation.requestErrors().isEmpty()) {
        return badRequest(
            evaluation.requestErrors(), List.copyOf(policyErrors.values()), cedarDecision, start);
      }
      evaluation.policyErrors().forEach(e -> policyErrors.putIfAbsent(e.describe(), e));
      if (round == 0) {
        cedarDecision = evaluation.allowed() ? Verdict.ALLOW : Verdict.DENY;
      }
      if (evaluation.allowed()) {
        return round == 0
            ? settle(
                Verdict.ALLOW,
                sorted(evaluation.reasons()),
                List.of(),
                policyErrors,
                cedarDecision,
                start)
            : settle(
                Verdict.REQUIRE_APPROVAL,
                List.copyOf(forbids),
                roles,
                policyErrors,
                cedarDecision,
                start);
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
        return settle(
            Verdict.DENY, List.copyOf(forbids), List.of(), policyErrors, cedarDecision, start);
      }
      roles.addAll(newRoles);
      context = withApprovals(context, request.context().get("approvals"), roles);
    }
    List<String> errors = new ArrayList<>();
    errors.add("approval re-evaluation did not settle after " + maxApprovalRounds + " rounds");
    policyErrors.values().forEach(e -> errors.add(e.describe()));
    return new PolicyDecision(
        Verdict.DENY,
        List.copyOf(forbids),
        List.of(),
        bundle.id(),
        errors,
        System.nanoTime() - start,
        List.copyOf(policyErrors.values()),
        cedarDecision,
        false);
  }

  /**
   * The decision once Cedar has decided: its verdict, or DENY by the fail-closed rule when a policy
   * failed to evaluate. The determining policies stay Cedar's either way.
   */
  private PolicyDecision settle(
      Verdict verdict,
      List<String> determining,
      List<String> roles,
      Map<String, PolicyError> policyErrors,
      Verdict cedarDecision,
      long start) {
    List<PolicyError> erroring = List.copyOf(policyErrors.values());
    boolean failClosed = !erroring.isEmpty() && onPolicyError == OnPolicyError.DENY;
    Verdict outcome = failClosed ? Verdict.DENY : verdict;
    return new PolicyDecision(
        outcome,
        determining,
        outcome == Verdict.REQUIRE_APPROVAL ? roles : List.of(),
        bundle.id(),
        erroring.stream().map(PolicyError::describe).toList(),
        System.nanoTime() - start,
        erroring,
        cedarDecision,
        failClosed && verdict != Verdict.DENY);
  }

  private PolicyDecision badRequest(
      List<String> requestErrors, List<PolicyError> erroring, Verdict cedarDecision, long start) {
    List<String> errors = new ArrayList<>(requestErrors);
    erroring.forEach(e -> errors.add(e.describe()));
    return new PolicyDecision(
        Verdict.DENY,
        List.of(),
        List.of(),
        bundle.id(),
        errors,
        System.nanoTime() - start,
        erroring,
        cedarDecision,
        false);
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

  private Evaluation evaluate(
      Slice slice,
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
      response = cedar.isAuthorized(request, slice.policies(), entities);
    } catch (BadRequestException e) {
      return Evaluation.failed(e.getErrors());
    } catch (AuthException | RuntimeException e) {
      return Evaluation.failed(List.of(PolicyBundle.nativeMessage(e)));
    }
    if (response.success.isEmpty()) {
      List<String> errors = new ArrayList<>();
      response.errors.ifPresent(list -> list.forEach(e -> errors.add(e.message)));
      if (errors.isEmpty()) {
        errors.add("Cedar returned no decision");
      }
      return Evaluation.failed(errors);
    }
    AuthorizationSuccessResponse success = response.success.get();
    List<PolicyError> errors = new ArrayList<>();
    for (AuthorizationSuccessResponse.AuthorizationError error : success.getErrors()) {
      errors.add(new PolicyError(error.getPolicyId(), error.getError().message));
    }
    return new Evaluation(success.isAllowed(), success.getReason(), errors, List.of());
  }

  private static List<String> sorted(Set<String> ids) {
    return List.copyOf(new TreeSet<>(ids));
  }

  /** One native evaluation: Cedar's decision, or the errors that kept it from deciding. */
  private record Evaluation(
      boolean allowed,
      Set<String> reasons,
      List<PolicyError> policyErrors,
      List<String> requestErrors) {

    static Evaluation failed(List<String> requestErrors) {
      return new Evaluation(false, Set.of(), List.of(), List.copyOf(requestErrors));
    }
  }
}
