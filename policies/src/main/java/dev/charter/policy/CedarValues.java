package dev.charter.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.DateTime;
import com.cedarpolicy.value.Decimal;
import com.cedarpolicy.value.Duration;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.IpAddress;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import com.cedarpolicy.value.functions.Offset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Converts the plain Java values of {@link EntityData} into cedar-java values: every Cedar type,
 * nested as deep as the value is.
 */
final class CedarValues {

  /** Parsing a type name is a native call; the few type names a worker sees are kept. */
  private static final Map<String, EntityTypeName> TYPES = new ConcurrentHashMap<>();

  private static final int MAX_CACHED_TYPES = 4096;

  private CedarValues() {}

  static EntityUID uid(EntityRef ref) {
    return new EntityUID(type(ref.type()), ref.id());
  }

  private static EntityTypeName type(String name) {
    EntityTypeName type = TYPES.get(name);
    if (type != null) {
      return type;
    }
    type =
        EntityTypeName.parse(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "entity type `" + name + "` is not a Cedar type name"));
    if (TYPES.size() < MAX_CACHED_TYPES) {
      TYPES.put(name, type);
    }
    return type;
  }

  static Map<String, Value> record(String where, Map<String, ?> values) {
    Map<String, Value> out = new LinkedHashMap<>();
    values.forEach((key, value) -> out.put(key, value(where + "." + key, value)));
    return out;
  }

  static Entity entity(EntityData data) {
    Set<EntityUID> parents = new HashSet<>();
    data.parents().forEach(p -> parents.add(uid(p)));
    String where = data.ref().toCedar();
    return new Entity(
        uid(data.ref()),
        record(where, data.attributes()),
        parents,
        data.tags().isEmpty() ? Map.of() : record(where + " tag", data.tags()));
  }

  /**
   * One value. Doubles are refused: Cedar has no floating point, and a silent rounding would change
   * what a policy compares (use {@link ExtensionValue#decimal}).
   */
  static Value value(String where, Object value) {
    if (value instanceof String s) {
      return new PrimString(s);
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return new PrimLong(((Number) value).longValue());
    }
    if (value instanceof Boolean b) {
      return new PrimBool(b);
    }
    if (value instanceof EntityRef ref) {
      return uid(ref);
    }
    if (value instanceof ExtensionValue extension) {
      return extension(extension);
    }
    if (value instanceof Collection<?> items) {
      List<Value> set = new ArrayList<>(items.size());
      for (Object item : items) {
        set.add(value(where + "[]", item));
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
            + ") cannot be a Cedar value: use String, Long, Boolean, EntityRef, ExtensionValue,"
            + " a collection (set) or a map (record) of these");
  }

  private static Value extension(ExtensionValue value) {
    if (value instanceof ExtensionValue.Decimal d) {
      return new Decimal(d.literal());
    }
    if (value instanceof ExtensionValue.Ip ip) {
      return new IpAddress(ip.literal());
    }
    if (value instanceof ExtensionValue.Datetime at) {
      return new DateTime(at.literal());
    }
    if (value instanceof ExtensionValue.Duration d) {
      return new Duration(d.literal());
    }
    ExtensionValue.Offset o = (ExtensionValue.Offset) value;
    return new Offset(new DateTime(o.at().literal()), new Duration(o.by().literal()));
  }

  /**
   * Adds every entity reference inside {@code value} (sets and records included) to {@code out}.
   */
  static void collectRefs(Object value, Collection<EntityRef> out) {
    if (value instanceof EntityRef ref) {
      out.add(ref);
    } else if (value instanceof Collection<?> items) {
      for (Object item : items) {
        collectRefs(item, out);
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Object field : map.values()) {
        collectRefs(field, out);
      }
    }
  }
}
