package dev.charter.activities.authorization;

import dev.charter.contract.PolicyFact;
import dev.charter.policy.EntityData;
import dev.charter.policy.EntityRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a system of record says about a tool call's target, ready for Cedar.
 *
 * @param resource the target's entity; null when {@code missing} is set
 * @param related entities the resource or the context refer to (an order's customer, a template)
 * @param context context attributes naming loaded entities, e.g. {@code template}; they never
 *     replace the authorizer's own ({@code input}, {@code approvals} ...)
 * @param sources for each entity sent, the rows it was read from; recorded with the verdict
 * @param missing what the call names that does not exist, e.g. {@code order `9999`}; null when
 *     everything was found
 */
public record ResourceFacts(
    EntityData resource,
    List<EntityData> related,
    Map<String, EntityRef> context,
    List<PolicyFact> sources,
    String missing) {

  public ResourceFacts {
    related = related == null ? List.of() : List.copyOf(related);
    context = context == null ? Map.of() : Map.copyOf(context);
    sources = sources == null ? List.of() : List.copyOf(sources);
    if (missing == null) {
      Objects.requireNonNull(resource, "resource");
    }
  }

  /** Facts that were all found. */
  public ResourceFacts(
      EntityData resource,
      List<EntityData> related,
      Map<String, EntityRef> context,
      List<PolicyFact> sources) {
    this(resource, related, context, sources, null);
  }

  /** Nothing to decide on: {@code what} does not exist in the system of record. */
  public static ResourceFacts missing(String what) {
    return new ResourceFacts(null, List.of(), Map.of(), List.of(), what);
  }
}
