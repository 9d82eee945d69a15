package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One entity a tool call's verdict was decided on, as it was sent to Cedar, with where its
 * attributes came from: a verdict names the rows it read, so an audit can tell which facts held.
 *
 * @param entity the Cedar uid, e.g. {@code Shop::Order::"1003"}
 * @param attributes the attributes sent to Cedar: strings, numbers, booleans, lists (sets) and
 *     entity uids written as Cedar uids
 * @param sources the rows they were read from
 */
public record PolicyFact(
    @JsonProperty("entity") String entity,
    @JsonProperty("attributes") Map<String, Object> attributes,
    @JsonProperty("sources") List<Source> sources) {

  public PolicyFact {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  /**
   * A row or set of rows of a system of record.
   *
   * @param table the table, e.g. {@code orders}
   * @param key which rows, e.g. {@code id=1003}
   * @param version the row version read, or for an aggregate the number of rows summed
   */
  public record Source(
      @JsonProperty("table") String table,
      @JsonProperty("key") String key,
      @JsonProperty("version") String version) {}
}
