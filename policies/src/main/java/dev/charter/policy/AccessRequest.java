package dev.charter.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One question to the policy engine: may {@code principal} do {@code action} on {@code resource}.
 *
 * @param principal who acts, e.g. {@code Charter::Agent::"support-bot"}
 * @param action the bare action id in the {@code Charter::Action} namespace, e.g. {@code
 *     issue_refund}
 * @param resource what is acted on, e.g. {@code Shop::Order::"1002"}
 * @param context the request context; values as for {@link EntityData#attributes()}
 * @param entities the entities the policies may read (principal, resource, parents)
 */
public record AccessRequest(
    EntityRef principal,
    String action,
    EntityRef resource,
    Map<String, Object> context,
    List<EntityData> entities) {

  public AccessRequest {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    context = context == null ? Map.of() : Map.copyOf(context);
    entities = entities == null ? List.of() : List.copyOf(entities);
  }
}
