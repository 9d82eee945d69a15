package dev.charter.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the policies of one slice can read of the entity data, taken from their JSON form.
 *
 * <p>A Cedar policy touches an entity's data only through an expression that evaluates to that
 * entity: {@code principal}, {@code resource}, an entity literal, a context value, or an attribute
 * or tag of an entity it already reached. From there it reads attributes ({@code .a}, {@code has
 * a}), tags ({@code hasTag}, {@code getTag}) or ancestors ({@code in}). So only the entities
 * reachable along those edges can change a decision; the others need not be converted, and a value
 * in them never breaks a request. The reach over-approximates (an attribute name read anywhere is
 * followed everywhere), which is always safe: more entities than needed decide the same.
 *
 * @param attributes names the policies read with {@code .} or {@code has}
 * @param tags whether any policy reads tags
 * @param ancestors whether any policy tests {@code in} (scope or condition)
 * @param literals entity uids written in the policies
 */
record EntityReach(
    Set<String> attributes, boolean tags, boolean ancestors, Set<EntityRef> literals) {

  /** The reach of the policies whose JSON forms are {@code policies}. */
  static EntityReach of(Collection<JsonNode> policies) {
    Set<String> attributes = new HashSet<>();
    Set<EntityRef> literals = new HashSet<>();
    boolean[] flags = new boolean[2];
    for (JsonNode policy : policies) {
      walk(policy, attributes, literals, flags);
    }
    return new EntityReach(Set.copyOf(attributes), flags[0], flags[1], Set.copyOf(literals));
  }

  private static void walk(
      JsonNode node, Set<String> attributes, Set<EntityRef> literals, boolean[] flags) {
    if (node.isArray()) {
      node.forEach(item -> walk(item, attributes, literals, flags));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      switch (name) {
        case ".", "has" -> attributes.add(value.path("attr").asText());
        case "getTag", "hasTag" -> flags[0] = true;
        case "in" -> flags[1] = true;
        case "op" -> flags[1] |= "in".equals(value.asText());
        case "__entity" -> {
          if (value.path("type").isTextual() && value.path("id").isTextual()) {
            literals.add(new EntityRef(value.path("type").asText(), value.path("id").asText()));
          }
        }
        default -> {}
      }
      walk(value, attributes, literals, flags);
    }
  }

  /**
   * The entities of {@code request} these policies can reach, in the request's order. When the
   * request names one uid twice, all entities are kept, so Cedar reports the duplicate as it would.
   */
  List<EntityData> reachable(AccessRequest request) {
    List<EntityData> all = request.entities();
    Map<EntityRef, EntityData> byRef = new HashMap<>(all.size() * 2);
    for (EntityData entity : all) {
      if (byRef.put(entity.ref(), entity) != null) {
        return all;
      }
    }
    Deque<EntityRef> todo = new ArrayDeque<>();
    todo.add(request.principal());
    todo.add(request.resource());
    todo.addAll(literals);
    List<EntityRef> found = new ArrayList<>();
    for (Object value : request.context().values()) {
      CedarValues.collectRefs(value, found);
    }
    todo.addAll(found);
    Map<EntityRef, EntityData> reached = new LinkedHashMap<>();
    while (!todo.isEmpty()) {
      EntityRef ref = todo.poll();
      EntityData entity = byRef.get(ref);
      if (entity == null || reached.containsKey(ref)) {
        continue;
      }
      reached.put(ref, entity);
      found.clear();
      entity
          .attributes()
          .forEach(
              (name, value) -> {
                if (attributes.contains(name)) {
                  CedarValues.collectRefs(value, found);
                }
              });
      if (tags) {
        entity.tags().values().forEach(value -> CedarValues.collectRefs(value, found));
      }
      if (ancestors) {
        found.addAll(entity.parents());
      }
      todo.addAll(found);
    }
    if (reached.size() == all.size()) {
      return all;
    }
    List<EntityData> out = new ArrayList<>(reached.size());
    for (EntityData entity : all) {
      if (reached.containsKey(entity.ref())) {
        out.add(entity);
      }
    }
    return out;
  }
}
