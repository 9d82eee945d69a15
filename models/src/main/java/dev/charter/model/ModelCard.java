package dev.charter.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Identity and measured quality of a trained intent model: what provenance records and what an
 * auditor checks.
 *
 * @param modelId the model id, e.g. {@code charter-intent}
 * @param version the model version, e.g. {@code v1}
 * @param weightsSha256 hex sha-256 of the head's weights file
 * @param encoderId the sentence encoder, {@code all-MiniLM-L6-v2}
 * @param encoderSha256 hex sha-256 of the encoder's ONNX bytes
 * @param seed the training seed
 * @param labels the output labels, in order
 * @param heldOutAccuracy accuracy on the held-out split
 * @param heldOutAccuracyPerClass accuracy (recall) on the held-out examples of each label
 * @param heldOutPrecisionPerClass precision of each label on the held-out split: of the examples
 *     predicted as that label, the share that truly are
 * @param calibration temperature, thresholds and calibration error (v3 on), or null for the
 *     uncalibrated v1 and v2, which escalate below 0.5 confidence
 */
public record ModelCard(
    String modelId,
    String version,
    String weightsSha256,
    String encoderId,
    String encoderSha256,
    long seed,
    List<String> labels,
    double heldOutAccuracy,
    Map<String, Double> heldOutAccuracyPerClass,
    Map<String, Double> heldOutPrecisionPerClass,
    Calibration calibration) {

  public ModelCard {
    labels = List.copyOf(labels);
    heldOutAccuracyPerClass =
        Collections.unmodifiableMap(new LinkedHashMap<>(heldOutAccuracyPerClass));
    heldOutPrecisionPerClass =
        Collections.unmodifiableMap(new LinkedHashMap<>(heldOutPrecisionPerClass));
  }

  /** The card of an uncalibrated model (v1, v2). */
  public ModelCard(
      String modelId,
      String version,
      String weightsSha256,
      String encoderId,
      String encoderSha256,
      long seed,
      List<String> labels,
      double heldOutAccuracy,
      Map<String, Double> heldOutAccuracyPerClass,
      Map<String, Double> heldOutPrecisionPerClass) {
    this(
        modelId,
        version,
        weightsSha256,
        encoderId,
        encoderSha256,
        seed,
        labels,
        heldOutAccuracy,
        heldOutAccuracyPerClass,
        heldOutPrecisionPerClass,
        null);
  }
}
