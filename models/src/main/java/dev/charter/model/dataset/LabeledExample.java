package dev.charter.model.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of a dataset file: a support ticket as perception leaves it (PII already replaced by
 * tokens such as {@code <email:1>}), the intent it expresses, and where the line came from.
 *
 * @param text the redacted ticket text
 * @param intent the intent label, e.g. {@code refund}
 * @param source the template or curated file the text came from, e.g. {@code template:refund/03} or
 *     {@code curated:paraphrases/12}; lets an auditor check the held-out split shares no template
 *     with training
 */
@JsonPropertyOrder({"text", "intent", "source"})
public record LabeledExample(
    @JsonProperty("text") String text,
    @JsonProperty("intent") String intent,
    @JsonProperty("source") String source) {}
