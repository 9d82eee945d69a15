package dev.charter.activities.authorization;

import dev.charter.contract.ToolCall;
import dev.charter.policy.EntityData;
import dev.charter.policy.EntityRef;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where the authorizer learns the facts about what a tool call targets: the resource's entity with
 * its attributes (tenant, amounts, status ...), the entities those refer to, and entities the
 * call's arguments name (e.g. an email template), each read from its system of record. Policies
 * decide on these, never on what the caller or the model says about them.
 */
@FunctionalInterface
public interface ResourceDirectory {

  /**
   * The facts for {@code call} on {@code target}; {@link ResourceFacts#missing()} says what does
   * not exist, and the authorizer denies.
   */
  ResourceFacts load(ToolCall call, EntityRef target);

  /**
   * A fixed directory: the target is looked up among {@code entities}, and all the others are sent
   * beside it so that references between them resolve. For tests and benchmarks.
   */
  static ResourceDirectory of(Collection<EntityData> entities) {
    Map<EntityRef, EntityData> byRef =
        entities.stream()
            .collect(Collectors.toUnmodifiableMap(EntityData::ref, Function.identity()));
    return (call, target) -> {
      EntityData resource = byRef.get(target);
      if (resource == null) {
        return ResourceFacts.missing("resource `" + target.toCedar() + "`");
      }
      List<EntityData> related =
          byRef.values().stream().filter(entity -> !entity.ref().equals(target)).toList();
      return new ResourceFacts(resource, related, Map.of(), List.of());
    };
  }
}
