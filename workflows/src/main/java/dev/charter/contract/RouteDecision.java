package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Which backends of the route Cedar lets this step's data reach ({@code invoke_model}).
 *
 * @param permitted permitted backends, in route order
 * @param refused one verdict per refused backend, in route order
 * @param refusedBackends names of the refused backends, parallel to {@code refused}
 */
public record RouteDecision(
    @JsonProperty("permitted") List<BackendRef> permitted,
    @JsonProperty("refused") List<PolicyVerdict> refused,
    @JsonProperty("refusedBackends") List<String> refusedBackends) {

  public RouteDecision {
    permitted = permitted == null ? List.of() : List.copyOf(permitted);
    refused = refused == null ? List.of() : List.copyOf(refused);
    refusedBackends = refusedBackends == null ? List.of() : List.copyOf(refusedBackends);
  }

  /** The policies that refused backends, in the order of the refusals. */
  public List<String> refusingPolicies() {
    return refused.stream().flatMap(verdict -> verdict.determiningPolicies().stream()).toList();
  }
}
