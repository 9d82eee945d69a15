package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One input of a task as it arrives: free text plus structured fields (for the support desk: a
 * ticket body with {@code orderId}, {@code customerId}, {@code amountCents}, ...).
 *
 * @param name what this input is, e.g. {@code ticket}
 * @param source where it came from, e.g. {@code customer_email}; decides taint in perception
 * @param content free text, may hold PII until perception redacts it
 * @param fields structured fields the model's tool arguments are taken from
 */
public record TaskInput(
    @JsonProperty("name") String name,
    @JsonProperty("source") String source,
    @JsonProperty("content") String content,
    @JsonProperty("fields") Map<String, String> fields) {

  public TaskInput {
    fields = fields == null ? Map.of() : Map.copyOf(fields);
  }
}
