package dev.charter.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Converts plain Java values into cedar-java values. */
final class CedarValues {

  private CedarValues() {}

  static EntityUID uid(EntityRef ref) {
    EntityTypeName type =
        EntityTypeName.parse(ref.type())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "entity type `" + ref.type() + "` is not a Cedar type name"));
    return new EntityUID(type, ref.id());
  }

  static Map<String, Value> record(String where, Map<String, Object> values) {
    Map<String, Value> out = new LinkedHashMap<>();
    values.forEach((key, value) -> out.put(key, value(where + "." + key, value)));
    return out;
  }

  static Entity entity(EntityData data) {
    Set<EntityUID> parents = new HashSet<>();
    data.parents().forEach(p -> parents.add(uid(p)));
    return new Entity(uid(data.ref()), record(data.ref().toCedar(), data.attributes()), parents);
  }

  /**
   * One value. Doubles are refused: Cedar has no floating point, and a silent rounding would change
   * what a policy compares.
   */
  static Value value(String where, Object value) {
    if (value instanceof String s) {
      return new PrimString(s);
    }
    if (value instanceof Long || value instanceof Integer) {
      return new PrimLong(((Number) value).longValue());
    }
    if (value instanceof Boolean b) {
      return new PrimBool(b);
    }
    if (value instanceof EntityRef ref) {
      return uid(ref);
    }
    if (value instanceof Collection<?> items) {
      // Cedar sets are unordered; sorting keeps the request text deterministic.
      List<Value> set = new ArrayList<>();
      for (Object item : new TreeSet<>(stringsOf(where, items))) {
        set.add(new PrimString((String) item));
      }
      return new CedarList(set);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Value> fields = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException(
              "`" + where + "` has a non-string key `" + entry.getKey() + "`");
        }
        fields.put(key, value(where + "." + key, entry.getValue()));
      }
      return new CedarMap(fields);
    }
    throw new IllegalArgumentException(
        "`"
            + where
            + "` = `"
            + value
            + "` ("
            + (value == null ? "null" : value.getClass().getSimpleName())
            + ") cannot be a Cedar value: use String, Long, Boolean, a collection of String, a map"
            + " or an EntityRef");
  }

  private static Collection<String> stringsOf(String where, Collection<?> items) {
    List<String> strings = new ArrayList<>(items.size());
    for (Object item : items) {
      if (!(item instanceof String s)) {
        throw new IllegalArgumentException(
            "`" + where + "` holds `" + item + "`: only sets of String are supported");
      }
      strings.add(s);
    }
    return strings;
  }
}
