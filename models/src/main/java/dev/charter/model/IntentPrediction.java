package dev.charter.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the intent model made of one text.
 *
 * @param intent the most probable label, e.g. {@code refund} or (v3) {@code other}
 * @param confidence its probability, 0..1; calibrated (temperature-scaled) for v3 on
 * @param probabilities the probability of every label, in the model's label order
 * @param oodScore the out-of-distribution score (0 = like the in-scope training tickets), or null
 *     for models without one (v1, v2)
 * @param abstention why the prediction must not be acted on, or null to act on it
 */
public record IntentPrediction(
    String intent,
    double confidence,
    Map<String, Double> probabilities,
    Double oodScore,
    Abstention abstention) {

  public IntentPrediction {
    probabilities =
        probabilities == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
  }

  /** A prediction without OOD score, abstaining (as v1 and v2 do) below 0.5 confidence. */
  public IntentPrediction(String intent, double confidence, Map<String, Double> probabilities) {
    this(
        intent,
        confidence,
        probabilities,
        null,
        Abstention.of(intent, confidence, Double.NaN, IntentModel.UNCALIBRATED_THRESHOLD, 1.0));
  }
}
