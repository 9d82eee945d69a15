package dev.charter.policy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An entity handed to Cedar with a request: its uid, attributes, parents (e.g. a human's roles) and
 * tags.
 *
 * <p>Values, for attributes, tags and a request's context, are plain Java values of Cedar's types:
 * {@link String}; {@link Long} or {@link Integer}; {@link Boolean}; {@link EntityRef} (an entity
 * reference); an {@link ExtensionValue} ({@code decimal}, {@code ipaddr}, {@code datetime}, {@code
 * duration}, {@code offset}); any {@link java.util.Collection} of values (a Cedar set, nested as
 * deep as needed, e.g. a set of records); a {@link Map} of String to values (a record). Build one
 * with {@link #builder}:
 *
 * <pre>{@code
 * EntityData order = EntityData.builder(new EntityRef("Shop::Order", "1002"))
 *     .attribute("tenant", "acme")
 *     .attribute("refunds", List.of(Map.of("amountCents", 2500L,
 *                                           "at", ExtensionValue.datetime("2026-11-02"))))
 *     .attribute("verifiedDestinations", Set.of(new EntityRef("Shop::Destination", "iban-1")))
 *     .tag("jurisdiction", "EU")
 *     .parent(new EntityRef("Shop::Customer", "c-42"))
 *     .build();
 * }</pre>
 *
 * @param ref the entity's uid
 * @param attributes attribute values
 * @param parents the entities this one is {@code in}
 * @param tags tag values ({@code hasTag}, {@code getTag}); the schema declares their type
 */
public record EntityData(
    EntityRef ref,
    Map<String, Object> attributes,
    Set<EntityRef> parents,
    Map<String, Object> tags) {

  public EntityData {
    Objects.requireNonNull(ref, "ref");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    parents = parents == null ? Set.of() : Set.copyOf(parents);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** An entity without tags. */
  public EntityData(EntityRef ref, Map<String, Object> attributes, Set<EntityRef> parents) {
    this(ref, attributes, parents, Map.of());
  }

  /** Starts an entity with uid {@code ref}. */
  public static Builder builder(EntityRef ref) {
    return new Builder(ref);
  }

  /** Collects an entity's attributes, parents and tags; {@link #build()} makes it immutable. */
  public static final class Builder {
    private final EntityRef ref;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final Set<EntityRef> parents = new LinkedHashSet<>();
    private final Map<String, Object> tags = new LinkedHashMap<>();

    private Builder(EntityRef ref) {
      this.ref = Objects.requireNonNull(ref, "ref");
    }

    /** Sets attribute {@code name}; see {@link EntityData} for the values Cedar takes. */
    public Builder attribute(String name, Object value) {
      attributes.put(Objects.requireNonNull(name, "name"), requireValue(name, value));
      return this;
    }

    /** Adds a parent: this entity is {@code in} it. */
    public Builder parent(EntityRef parent) {
      parents.add(Objects.requireNonNull(parent, "parent"));
      return this;
    }

    /** Sets tag {@code name}. */
    public Builder tag(String name, Object value) {
      tags.put(Objects.requireNonNull(name, "name"), requireValue(name, value));
      return this;
    }

    /** The entity. */
    public EntityData build() {
      return new EntityData(ref, attributes, parents, tags);
    }

    private Object requireValue(String name, Object value) {
      if (value == null) {
        throw new IllegalArgumentException(
            "`" + ref.toCedar() + "." + name + "` is null: Cedar has no null; leave it out");
      }
      return value;
    }
  }
}
