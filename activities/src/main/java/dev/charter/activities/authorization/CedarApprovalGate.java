package dev.charter.activities.authorization;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.PendingApproval;
import dev.charter.policy.AccessRequest;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.EntityData;
import dev.charter.policy.EntityRef;
import dev.charter.policy.PolicyDecision;
import dev.charter.policy.PolicyEngine;
import dev.charter.policy.Verdict;
import dev.charter.workflow.activity.ApprovalGate;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Lets a human answer a pending approval only if Cedar's {@code approve} action allows them, in one
 * of the roles the approval requires, for the task's tenant. Roles come from the {@link
 * HumanDirectory}, never from the request; a role named in the request only narrows which of the
 * required roles is checked.
 */
public final class CedarApprovalGate implements ApprovalGate {

  private static final String HUMAN_TYPE = "Charter::Human";
  private static final String ROLE_TYPE = "Charter::Role";
  private static final String TASK_TYPE = "Charter::Task";

  private final Supplier<PolicyEngine> engine;
  private final HumanDirectory humans;
  private final List<PublicKey> trustedTokenKeys;

  /**
   * @param engine the engine that decides the {@code approve} action
   * @param humans the humans and their tenants and roles
   */
  public CedarApprovalGate(PolicyEngine engine, HumanDirectory humans) {
    this(() -> engine, humans, List.of());
  }

  /**
   * @param engine the engine that decides the {@code approve} action
   * @param humans the humans and their tenants and roles
   * @param trustedTokenKeys the Ed25519 keys whose approval tokens are trusted
   */
  public CedarApprovalGate(
      PolicyEngine engine, HumanDirectory humans, List<PublicKey> trustedTokenKeys) {
    this(() -> engine, humans, trustedTokenKeys);
  }

  /**
   * @param registry whose active bundle decides the {@code approve} action, at the time of asking
   * @param humans the humans and their tenants and roles
   */
  public CedarApprovalGate(BundleRegistry registry, HumanDirectory humans) {
    this(registry::active, humans, List.of());
  }

  /**
   * @param registry whose active bundle decides the {@code approve} action, at the time of asking
   * @param humans the humans and their tenants and roles
   * @param trustedTokenKeys the Ed25519 keys whose approval tokens are trusted (the worker's own)
   */
  public CedarApprovalGate(
      BundleRegistry registry, HumanDirectory humans, List<PublicKey> trustedTokenKeys) {
    this(registry::active, humans, trustedTokenKeys);
  }

  private CedarApprovalGate(
      Supplier<PolicyEngine> engine, HumanDirectory humans, List<PublicKey> trustedTokenKeys) {
    this.engine = engine;
    this.humans = humans;
    this.trustedTokenKeys = List.copyOf(trustedTokenKeys);
  }

  @Override
  public Check verifyToken(String compactJws) {
    String refused = ApprovalTokenIssuer.verify(compactJws, trustedTokenKeys);
    return refused == null ? Check.allow(null) : Check.refuse(refused);
  }

  @Override
  public Check authorize(ApprovalRequest request, PendingApproval pending) {
    if (pending == null) {
      return Check.refuse(
          "stale approval `" + request.approvalId() + "`: the task waits for no approval");
    }
    if (!pending.approvalId().equals(request.approvalId())) {
      return Check.refuse(
          "stale approval `"
              + request.approvalId()
              + "`: the task waits for `"
              + pending.approvalId()
              + "`");
    }
    HumanDirectory.Human human = humans.find(request.approver()).orElse(null);
    if (human == null) {
      return Check.refuse("unknown approver `" + request.approver() + "`");
    }

    Set<EntityRef> roles = new LinkedHashSet<>();
    List<EntityData> entities = new ArrayList<>();
    for (String role : human.roles()) {
      EntityRef ref = new EntityRef(ROLE_TYPE, role);
      roles.add(ref);
      entities.add(new EntityData(ref, Map.of(), Set.of()));
    }
    EntityData principal =
        new EntityData(
            new EntityRef(HUMAN_TYPE, request.approver()), Map.of("tenant", human.tenant()), roles);
    EntityData task =
        new EntityData(
            new EntityRef(TASK_TYPE, taskId(pending.approvalId())),
            Map.of("tenant", pending.tenant()),
            Set.of());
    entities.add(principal);
    entities.add(task);

    List<String> candidates = pending.requiredRoles();
    if (request.role() != null) {
      if (!pending.requiredRoles().contains(request.role())) {
        return Check.refuse(
            "approver `"
                + request.approver()
                + "` answers as `"
                + request.role()
                + "`, but approval `"
                + pending.approvalId()
                + "` requires one of "
                + pending.requiredRoles());
      }
      candidates = List.of(request.role());
    }
    List<String> errors = new ArrayList<>();
    for (String role : candidates) {
      PolicyDecision decision =
          engine
              .get()
              .decide(
                  new AccessRequest(
                      principal.ref(),
                      "approve",
                      task.ref(),
                      Map.of("requiredRole", role, "tool", pending.call().tool()),
                      entities));
      if (decision.outcome() == Verdict.ALLOW) {
        return Check.allow(role);
      }
      errors.addAll(decision.errors());
    }
    return Check.refuse(
        "approver `"
            + request.approver()
            + "` (roles "
            + human.roles()
            + ") may not approve `"
            + pending.call().tool()
            + "` for tenant `"
            + pending.tenant()
            + "`: requires one of "
            + candidates
            + (errors.isEmpty() ? "" : "; evaluation errors " + errors));
  }

  /** Approval ids are {@code taskId/step/callIndex}. */
  private static String taskId(String approvalId) {
    int slash = approvalId.indexOf('/');
    return slash < 0 ? approvalId : approvalId.substring(0, slash);
  }
}
