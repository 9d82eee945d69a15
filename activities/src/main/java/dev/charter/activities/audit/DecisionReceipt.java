package dev.charter.activities.audit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.charter.contract.Outcome;
import java.util.List;

/**
 * The signed payload of a decision receipt ({@link DecisionReceipts}, docs/audit.md): one {@code
 * policy.verdict} event with its chain position and the bundle that decided. Signed in canonical
 * JSON, null members left out; a verifier ignores members a later receipt version adds.
 *
 * @param issuer always {@code charter} (JSON {@code iss})
 * @param receiptVersion 1
 * @param taskId the task
 * @param seq the verdict's position in the task's chain
 * @param type always {@code policy.verdict}
 * @param outcome the verdict
 * @param bundleHash the bundle whose verdict counted
 * @param determiningPolicies the policies that decided
 * @param workflowId the Temporal workflow id, when recorded
 * @param workflowRunId the Temporal run id
 * @param activityId the activity id of the {@code Record} activity that appended it
 * @param recordedAt when the ledger recorded it (ISO-8601)
 * @param prevHash the hash of seq − 1
 * @param hash the event's chain hash
 * @param hashedContent the text the hash covers after {@code prevHash}, in the row's canonical form
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecisionReceipt(
    @JsonProperty("iss") String issuer,
    @JsonProperty("receiptVersion") int receiptVersion,
    @JsonProperty("taskId") String taskId,
    @JsonProperty("seq") long seq,
    @JsonProperty("type") String type,
    @JsonProperty("outcome") Outcome outcome,
    @JsonProperty("bundleHash") String bundleHash,
    @JsonProperty("determiningPolicies") List<String> determiningPolicies,
    @JsonProperty("workflowId") String workflowId,
    @JsonProperty("workflowRunId") String workflowRunId,
    @JsonProperty("activityId") String activityId,
    @JsonProperty("recordedAt") String recordedAt,
    @JsonProperty("prevHash") String prevHash,
    @JsonProperty("hash") String hash,
    @JsonProperty("hashedContent") String hashedContent) {}
