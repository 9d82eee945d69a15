package dev.charter.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code model.json} written next to the weights: the model card plus the training settings
 * needed to rebuild the same bytes. {@code calibration} is absent for v1 and v2, whose files stay
 * byte for byte what they were.
 */
@JsonPropertyOrder({
  "modelId",
  "version",
  "labels",
  "seed",
  "epochs",
  "batchSize",
  "learningRate",
  "hiddenUnits",
  "weightsFile",
  "weightsSha256",
  "encoderId",
  "encoderSha256",
  "lineageSha256",
  "trainExamples",
  "heldOutExamples",
  "heldOutAccuracy",
  "heldOutAccuracyPerClass",
  "heldOutPrecisionPerClass",
  "heldOutExamplesPerClass",
  "calibration"
})
record ModelManifest(
    @JsonProperty("modelId") String modelId,
    @JsonProperty("version") String version,
    @JsonProperty("labels") List<String> labels,
    @JsonProperty("seed") long seed,
    @JsonProperty("epochs") int epochs,
    @JsonProperty("batchSize") int batchSize,
    @JsonProperty("learningRate") float learningRate,
    @JsonProperty("hiddenUnits") int hiddenUnits,
    @JsonProperty("weightsFile") String weightsFile,
    @JsonProperty("weightsSha256") String weightsSha256,
    @JsonProperty("encoderId") String encoderId,
    @JsonProperty("encoderSha256") String encoderSha256,
    @JsonProperty("lineageSha256") String lineageSha256,
    @JsonProperty("trainExamples") int trainExamples,
    @JsonProperty("heldOutExamples") int heldOutExamples,
    @JsonProperty("heldOutAccuracy") double heldOutAccuracy,
    @JsonProperty("heldOutAccuracyPerClass") Map<String, Double> heldOutAccuracyPerClass,
    @JsonProperty("heldOutPrecisionPerClass") Map<String, Double> heldOutPrecisionPerClass,
    @JsonProperty("heldOutExamplesPerClass") Map<String, Integer> heldOutExamplesPerClass,
    @JsonProperty("calibration") @JsonInclude(JsonInclude.Include.NON_NULL)
        Calibration calibration) {

  static final String FILE = "model.json";

  ModelManifest {
    labels = List.copyOf(labels);
    heldOutAccuracyPerClass =
        Collections.unmodifiableMap(new LinkedHashMap<>(heldOutAccuracyPerClass));
    heldOutPrecisionPerClass =
        Collections.unmodifiableMap(new LinkedHashMap<>(heldOutPrecisionPerClass));
    heldOutExamplesPerClass =
        Collections.unmodifiableMap(new LinkedHashMap<>(heldOutExamplesPerClass));
  }

  /** Reads a {@code model.json}. */
  static ModelManifest parse(byte[] json) throws IOException {
    return new ObjectMapper().readValue(json, ModelManifest.class);
  }

  ModelCard card() {
    return new ModelCard(
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
        calibration);
  }
}
