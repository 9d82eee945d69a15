package dev.charter.model.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of a dataset file: a support ticket as perception leaves it (PII already replaced by
 * tokens such as {@code <email:1>}) and the intent it expresses.
 *
 * @param text the redacted ticket text
 * @param intent the intent label, e.g. {@code refund}
 */
@JsonPropertyOrder({"text", "intent"})
public record LabeledExample(
    @JsonProperty("text") String text, @JsonProperty("intent") String intent) {}
