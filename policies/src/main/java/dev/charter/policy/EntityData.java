package dev.charter.policy;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An entity handed to Cedar with a request: its uid, attributes and parents (e.g. a human's roles).
 *
 * @param ref the entity's uid
 * @param attributes attribute values: String, Long/Integer, Boolean, Collection of String (a set),
 *     Map of String to such values (a record) or {@link EntityRef}
 * @param parents the entities this one is {@code in}
 */
public record EntityData(EntityRef ref, Map<String, Object> attributes, Set<EntityRef> parents) {

  public EntityData {
    Objects.requireNonNull(ref, "ref");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    parents = parents == null ? Set.of() : Set.copyOf(parents);
  }
}
