package dev.charter.activities.authorization;

import dev.charter.policy.EntityData;
import dev.charter.policy.EntityRef;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where the authorizer learns the attributes (e.g. the tenant) of the resource a tool call targets.
 * Policies compare them with the agent's; a resource it does not know is denied.
 */
@FunctionalInterface
public interface ResourceDirectory {

  /** The resource's entity, or empty when no such resource exists. */
  Optional<EntityData> find(EntityRef resource);

  /** A fixed directory of the given entities. */
  static ResourceDirectory of(Collection<EntityData> entities) {
    Map<EntityRef, EntityData> byRef =
        entities.stream()
            .collect(Collectors.toUnmodifiableMap(EntityData::ref, Function.identity()));
    return ref -> Optional.ofNullable(byRef.get(ref));
  }
}
