package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Classification of what a step sees.
 *
 * @param classification PUBLIC, INTERNAL, CONFIDENTIAL or RESTRICTED
 * @param piiKinds kinds of PII detected (e.g. {@code email}, {@code phone}, {@code card_number})
 * @param residency the data residency region, e.g. {@code eu}, {@code us}
 */
public record DataLabels(
    @JsonProperty("classification") String classification,
    @JsonProperty("piiKinds") List<String> piiKinds,
    @JsonProperty("residency") String residency) {

  public DataLabels {
    piiKinds = piiKinds == null ? List.of() : List.copyOf(piiKinds);
  }

  @JsonIgnore
  public boolean containsPii() {
    return !piiKinds.isEmpty();
  }
}
