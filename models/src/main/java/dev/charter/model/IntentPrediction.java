package dev.charter.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the intent model made of one text.
 *
 * @param intent the most probable intent label, e.g. {@code refund}
 * @param confidence its probability, 0..1
 * @param probabilities the probability of every label, in the model's label order
 */
public record IntentPrediction(
    String intent, double confidence, Map<String, Double> probabilities) {

  public IntentPrediction {
    probabilities =
        probabilities == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
  }
}
