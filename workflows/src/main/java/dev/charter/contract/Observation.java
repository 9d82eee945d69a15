package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What perception made of a step's inputs. Holds redacted text only: raw content stays out of
 * history and ledger, identified by its hash.
 *
 * @param step the step number
 * @param contentSha256 sha-256 of the raw content seen, hex
 * @param redactedContent the content with PII replaced by typed tokens such as {@code <email:1>}
 * @param labels data labels
 * @param tainted whether any part came from an untrusted source
 * @param sources sources the content came from
 */
public record Observation(
    @JsonProperty("step") int step,
    @JsonProperty("contentSha256") String contentSha256,
    @JsonProperty("redactedContent") String redactedContent,
    @JsonProperty("labels") DataLabels labels,
    @JsonProperty("tainted") boolean tainted,
    @JsonProperty("sources") List<String> sources) {

  public Observation {
    sources = sources == null ? List.of() : List.copyOf(sources);
  }
}
