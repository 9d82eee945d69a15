package dev.charter.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How a calibrated model (v3 on) turns scores into an act-or-abstain decision, and how well that
 * was measured, all fitted on the calibration split the head never trained on.
 *
 * @param temperature the temperature dividing the head's logits before the softmax (temperature
 *     scaling), chosen to minimise the negative log-likelihood on the calibration split
 * @param confidenceThreshold below this calibrated confidence an acting intent is escalated
 * @param oodThreshold above this out-of-distribution score an acting intent is escalated
 * @param oodNeighbours k of the score: 1 minus the mean cosine similarity of the text's embedding
 *     to its k nearest in-scope training embeddings
 * @param oodBankFile the file holding those training embeddings (float32, little-endian, unit
 *     length, 384 per row)
 * @param oodBankSha256 hex sha-256 of that file, checked on load
 * @param oodBankRows number of embeddings in it
 * @param targetConfidentWrong the stated target: at most this share of in-scope tickets lead to a
 *     confident wrong action
 * @param selectionConfidentWrong the bound the thresholds were selected under on the calibration
 *     split (half the target: a margin for the shift from composed to real tickets)
 * @param calibrationEceBefore expected calibration error on the calibration split at temperature 1
 * @param calibrationEce expected calibration error on the calibration split after scaling
 * @param calibrationConfidentWrong confident wrong actions on the calibration split, share of its
 *     in-scope tickets
 * @param calibrationOtherEscalated share of the calibration split's {@code other} tickets escalated
 * @param heldOutEce expected calibration error on the held-out split
 * @param heldOutConfidentWrong confident wrong actions on the held-out split, share of its in-scope
 *     tickets
 * @param heldOutOtherEscalated share of the held-out split's {@code other} tickets escalated
 * @param heldOutAutomated share of the held-out split's in-scope tickets handled by the right plan
 *     without a human
 */
@JsonPropertyOrder({
  "temperature",
  "confidenceThreshold",
  "oodThreshold",
  "oodNeighbours",
  "oodBankFile",
  "oodBankSha256",
  "oodBankRows",
  "targetConfidentWrong",
  "selectionConfidentWrong",
  "calibrationEceBefore",
  "calibrationEce",
  "calibrationConfidentWrong",
  "calibrationOtherEscalated",
  "heldOutEce",
  "heldOutConfidentWrong",
  "heldOutOtherEscalated",
  "heldOutAutomated"
})
public record Calibration(
    @JsonProperty("temperature") double temperature,
    @JsonProperty("confidenceThreshold") double confidenceThreshold,
    @JsonProperty("oodThreshold") double oodThreshold,
    @JsonProperty("oodNeighbours") int oodNeighbours,
    @JsonProperty("oodBankFile") String oodBankFile,
    @JsonProperty("oodBankSha256") String oodBankSha256,
    @JsonProperty("oodBankRows") int oodBankRows,
    @JsonProperty("targetConfidentWrong") double targetConfidentWrong,
    @JsonProperty("selectionConfidentWrong") double selectionConfidentWrong,
    @JsonProperty("calibrationEceBefore") double calibrationEceBefore,
    @JsonProperty("calibrationEce") double calibrationEce,
    @JsonProperty("calibrationConfidentWrong") double calibrationConfidentWrong,
    @JsonProperty("calibrationOtherEscalated") double calibrationOtherEscalated,
    @JsonProperty("heldOutEce") double heldOutEce,
    @JsonProperty("heldOutConfidentWrong") double heldOutConfidentWrong,
    @JsonProperty("heldOutOtherEscalated") double heldOutOtherEscalated,
    @JsonProperty("heldOutAutomated") double heldOutAutomated) {}
