package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Which model decided, exactly: enough to reproduce or audit the decision.
 *
 * @param backend the backend name from the route table, e.g. {@code in-process-intent}
 * @param hosting {@code in_process}, {@code self_hosted} or {@code closed_api}
 * @param vendor who made the model
 * @param modelId the model id
 * @param modelVersion the model version or API snapshot
 * @param weightsSha256 sha-256 of the weights for open-weight models, else null
 * @param parameters inference parameters (seed, temperature, ...)
 * @param latencyMicros wall time of the call
 * @param inputTokens input tokens
 * @param outputTokens output tokens
 * @param costUsd cost of the call
 * @param fallbackChain backends tried in order, the last being the one that answered
 * @param calibration thresholds, calibration error and OOD score of a calibrated open-weight model
 *     (v3 on); absent (null) for other models and in histories written before it existed
 */
public record ModelProvenance(
    @JsonProperty("backend") String backend,
    @JsonProperty("hosting") String hosting,
    @JsonProperty("vendor") String vendor,
    @JsonProperty("modelId") String modelId,
    @JsonProperty("modelVersion") String modelVersion,
    @JsonProperty("weightsSha256") String weightsSha256,
    @JsonProperty("parameters") Map<String, String> parameters,
    @JsonProperty("latencyMicros") long latencyMicros,
    @JsonProperty("inputTokens") int inputTokens,
    @JsonProperty("outputTokens") int outputTokens,
    @JsonProperty("costUsd") double costUsd,
    @JsonProperty("fallbackChain") List<String> fallbackChain,
    @JsonProperty("calibration") @JsonInclude(JsonInclude.Include.NON_NULL)
        DecisionCalibration calibration) {

  public ModelProvenance {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    fallbackChain = fallbackChain == null ? List.of() : List.copyOf(fallbackChain);
  }

  /** Provenance of a model without calibration record (chat backends, v1, v2). */
  public ModelProvenance(
      String backend,
      String hosting,
      String vendor,
      String modelId,
      String modelVersion,
      String weightsSha256,
      Map<String, String> parameters,
      long latencyMicros,
      int inputTokens,
      int outputTokens,
      double costUsd,
      List<String> fallbackChain) {
    this(
        backend,
        hosting,
        vendor,
        modelId,
        modelVersion,
        weightsSha256,
        parameters,
        latencyMicros,
        inputTokens,
        outputTokens,
        costUsd,
        fallbackChain,
        null);
  }
}
