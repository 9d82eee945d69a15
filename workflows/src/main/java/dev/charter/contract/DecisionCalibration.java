package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a calibrated open-weight model (v3 on) judged one decision: its thresholds, the calibration
 * error its card records, and this decision's out-of-distribution score and abstention.
 *
 * @param temperature temperature the logits were divided by
 * @param confidenceThreshold below this calibrated confidence an acting intent is escalated
 * @param oodScore this text's out-of-distribution score (0 = like the in-scope training tickets)
 * @param oodThreshold above this score an acting intent is escalated
 * @param expectedCalibrationError the card's expected calibration error on the held-out split
 * @param abstention why the model abstained ({@code fits no plan}, {@code out of distribution},
 *     {@code low confidence}), or null when it did not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionCalibration(
    @JsonProperty("temperature") double temperature,
    @JsonProperty("confidenceThreshold") double confidenceThreshold,
    @JsonProperty("oodScore") double oodScore,
    @JsonProperty("oodThreshold") double oodThreshold,
    @JsonProperty("expectedCalibrationError") double expectedCalibrationError,
    @JsonProperty("abstention") String abstention) {}
