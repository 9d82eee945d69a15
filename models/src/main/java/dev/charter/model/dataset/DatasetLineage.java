package dev.charter.model.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a dataset came from ({@code lineage.json}): enough to regenerate it and check it is the
 * same bytes.
 *
 * @param generator the generator's name
 * @param generatorVersion the generator's version; bumped whenever its output changes
 * @param seed the seed it ran with
 * @param licence the licence of the data
 * @param files every file written, by path relative to the model directory
 */
@JsonPropertyOrder({"generator", "generatorVersion", "seed", "licence", "files"})
public record DatasetLineage(
    @JsonProperty("generator") String generator,
    @JsonProperty("generatorVersion") String generatorVersion,
    @JsonProperty("seed") long seed,
    @JsonProperty("licence") String licence,
    @JsonProperty("files") Map<String, FileDigest> files) {

  public DatasetLineage {
    files = files == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(files));
  }

  /**
   * One dataset file.
   *
   * @param sha256 hex sha-256 of its bytes
   * @param examples how many examples (lines) it holds
   */
  @JsonPropertyOrder({"sha256", "examples"})
  public record FileDigest(
      @JsonProperty("sha256") String sha256, @JsonProperty("examples") int examples) {}
}
