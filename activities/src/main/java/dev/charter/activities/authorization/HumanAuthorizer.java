package dev.charter.activities.authorization;

import dev.charter.policy.AccessRequest;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.EntityData;
import dev.charter.policy.EntityRef;
import dev.charter.policy.PolicyDecision;
import dev.charter.policy.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asks the active bundle whether a human may do something to a task ({@code start_task}, {@code
 * view_audit}, {@code manage_policy}): principal {@code Charter::Human} with the tenant and roles
 * of the {@link HumanDirectory}, resource {@code Charter::Task} with the task's tenant. Who the
 * human is comes from the authenticated caller (the REST API's bearer token); what they may do
 * comes only from the directory and the policies.
 */
public final class HumanAuthorizer {

  private final BundleRegistry registry;
  private final HumanDirectory humans;

  /**
   * @param registry whose active bundle decides
   * @param humans the humans and their tenants and roles
   */
  public HumanAuthorizer(BundleRegistry registry, HumanDirectory humans) {
    this.registry = registry;
    this.humans = humans;
  }

  /** Whether {@code humanId} is a human of the directory. */
  public boolean knows(String humanId) {
    return humanId != null && humans.find(humanId).isPresent();
  }

  /**
   * Decides; never throws for an unknown human (that is a refusal).
   *
   * @param humanId the caller, e.g. {@code dana.lead}; null or blank when nobody identified
   * @param action {@code start_task}, {@code view_audit} or {@code manage_policy}
   * @param taskId the task (or a reserved id such as {@code _policy})
   * @param taskTenant the task's tenant
   */
  public Answer decide(String humanId, String action, String taskId, String taskTenant) {
    if (humanId == null || humanId.isBlank()) {
      return Answer.refuse(false, "no authenticated caller: send `Authorization: Bearer <token>`");
    }
    HumanDirectory.Human human = humans.find(humanId).orElse(null);
    if (human == null) {
      return Answer.refuse(false, "unknown human `" + humanId + "`");
    }
    Set<EntityRef> roles = new LinkedHashSet<>();
    List<EntityData> entities = new ArrayList<>();
    for (String role : human.roles()) {
      EntityRef ref = new EntityRef("Charter::Role", role);
      roles.add(ref);
      entities.add(new EntityData(ref, Map.of(), Set.of()));
    }
    EntityData principal =
        new EntityData(
            new EntityRef("Charter::Human", humanId), Map.of("tenant", human.tenant()), roles);
    EntityData task =
        new EntityData(
            new EntityRef("Charter::Task", taskId),
            Map.of("tenant", taskTenant == null ? "" : taskTenant),
            Set.of());
    entities.add(principal);
    entities.add(task);
    PolicyDecision decision =
        registry
            .active()
            .decide(new AccessRequest(principal.ref(), action, task.ref(), Map.of(), entities));
    if (decision.outcome() == Verdict.ALLOW) {
      return new Answer(true, true, null, decision);
    }
    return new Answer(
        false,
        true,
        "`"
            + humanId
            + "` (roles "
            + human.roles()
            + ", tenant `"
            + human.tenant()
            + "`) may not "
            + action
            + " on task `"
            + taskId
            + "` of tenant `"
            + taskTenant
            + "`: "
            + decision.summary(),
        decision);
  }

  /**
   * The answer.
   *
   * @param allowed whether the human may
   * @param identified whether the caller is a known human (false: 401, true and refused: 403)
   * @param reason why not, naming the human, their roles and the verdict
   * @param decision the engine's decision, when one was asked
   */
  public record Answer(
      boolean allowed, boolean identified, String reason, PolicyDecision decision) {
    static Answer refuse(boolean identified, String reason) {
      return new Answer(false, identified, reason, null);
    }
  }
}
