package dev.charter.model.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a dataset came from ({@code lineage.json}): enough to regenerate it and check it is the
 * same bytes.
 *
 * @param datasetVersion the model version the dataset was built for, e.g. {@code v2}
 * @param generator the generator's name
 * @param generatorVersion the generator's version; bumped whenever its output changes
 * @param seed the seed it ran with
 * @param licence the licence of the dataset as a whole
 * @param heldOutRule how the held-out split is kept apart from training, in words
 * @param sources every input the examples came from, by source id
 * @param files every file written, by path relative to the model directory
 */
@JsonPropertyOrder({
  "datasetVersion",
  "generator",
  "generatorVersion",
  "seed",
  "licence",
  "heldOutRule",
  "sources",
  "files"
})
public record DatasetLineage(
    @JsonProperty("datasetVersion") String datasetVersion,
    @JsonProperty("generator") String generator,
    @JsonProperty("generatorVersion") String generatorVersion,
    @JsonProperty("seed") long seed,
    @JsonProperty("licence") String licence,
    @JsonProperty("heldOutRule") String heldOutRule,
    @JsonProperty("sources") Map<String, Source> sources,
    @JsonProperty("files") Map<String, FileDigest> files) {

  public DatasetLineage {
    sources = sources == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(sources));
    files = files == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(files));
  }

  /**
   * One input of the dataset.
   *
   * @param kind {@code generated} (templates × slot values) or {@code curated} (hand-written lines
   *     kept in the repository)
   * @param origin the generator class or the classpath resource the lines were read from
   * @param licence the licence of this input
   * @param sha256 hex sha-256 of the curated file's bytes; absent for generated inputs, whose
   *     identity is the generator version and seed
   * @param heldOutTemplates the template ids reserved for the held-out split (generated inputs)
   */
  @JsonPropertyOrder({"kind", "origin", "licence", "sha256", "heldOutTemplates"})
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Source(
      @JsonProperty("kind") String kind,
      @JsonProperty("origin") String origin,
      @JsonProperty("licence") String licence,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("heldOutTemplates") List<String> heldOutTemplates) {

    public Source {
      heldOutTemplates = heldOutTemplates == null ? List.of() : List.copyOf(heldOutTemplates);
    }
  }

  /**
   * One dataset file.
   *
   * @param sha256 hex sha-256 of its bytes
   * @param examples how many examples (lines) it holds
   * @param sources how many of them came from each source id
   */
  @JsonPropertyOrder({"sha256", "examples", "sources"})
  public record FileDigest(
      @JsonProperty("sha256") String sha256,
      @JsonProperty("examples") int examples,
      @JsonProperty("sources") Map<String, Integer> sources) {

    public FileDigest {
      sources = sources == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(sources));
    }
  }
}
