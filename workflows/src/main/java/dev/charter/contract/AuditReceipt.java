package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The ledger's answer to an append: where the chain now ends.
 *
 * @param taskId the task
 * @param lastSeq the last sequence number in the chain
 * @param headHash the hash of that event
 */
public record AuditReceipt(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("lastSeq") long lastSeq,
    @JsonProperty("headHash") String headHash) {}
