package dev.charter.eval.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One ticket of the independent test set ({@value IndependentSetComparison#RESOURCE}): written by
 * hand for Charter, without the training phrasebook, never trained on.
 *
 * @param id stable id, e.g. {@code t042}
 * @param text the ticket as perception leaves it (PII only as tokens such as {@code <email:1>})
 * @param label the right outcome: one of the five intents, or {@code other} when no plan fits
 * @param kind {@code in_scope}, or what makes it out of scope ({@code policy}, {@code multi},
 *     {@code non_english}, ...)
 * @param asks for non-English tickets, the intent the ticket asks for (to measure how the English
 *     encoder copes), else null
 */
public record IndependentTicket(
    @JsonProperty("id") String id,
    @JsonProperty("text") String text,
    @JsonProperty("label") String label,
    @JsonProperty("kind") String kind,
    @JsonProperty("asks") String asks) {}
