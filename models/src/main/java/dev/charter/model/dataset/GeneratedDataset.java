package dev.charter.model.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.charter.model.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A generated dataset split into a training part and a held-out part that training never sees.
 *
 * @param datasetVersion the model version it was built for, e.g. {@code v1}
 * @param generator the generator's name
 * @param generatorVersion the generator's version
 * @param seed the seed it was generated with
 * @param heldOutRule how the held-out split is kept apart from training, in words
 * @param sources the inputs the examples came from, by source id (the prefix of {@link
 *     LabeledExample#source()})
 * @param train the training examples, in training order
 * @param calibration examples the head never trains on, used to fit calibration and thresholds
 *     (empty for v1 and v2)
 * @param heldOut the held-out examples used only for the reported metrics
 */
public record GeneratedDataset(
    String datasetVersion,
    String generator,
    String generatorVersion,
    long seed,
    String heldOutRule,
    Map<String, DatasetLineage.Source> sources,
    List<LabeledExample> train,
    List<LabeledExample> calibration,
    List<LabeledExample> heldOut) {

  /** Path of the training split, relative to the model directory. */
  public static final String TRAIN_FILE = "dataset/train.jsonl";

  /** Path of the calibration split, relative to the model directory (v3 on). */
  public static final String CALIBRATION_FILE = "dataset/calibration.jsonl";

  /** Path of the held-out split, relative to the model directory. */
  public static final String HELD_OUT_FILE = "dataset/heldout.jsonl";

  /** Name of the lineage manifest in the model directory. */
  public static final String LINEAGE_FILE = "lineage.json";

  /** Licence of generated data. */
  public static final String LICENCE = "Apache-2.0";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public GeneratedDataset {
    sources = Map.copyOf(sources);
    train = List.copyOf(train);
    calibration = calibration == null ? List.of() : List.copyOf(calibration);
    heldOut = List.copyOf(heldOut);
  }

  /**
   * Writes both splits as JSON lines and the lineage manifest under {@code modelDir}.
   *
   * @return the lineage that was written
   */
  public DatasetLineage writeTo(Path modelDir) {
    Map<String, DatasetLineage.FileDigest> files = new LinkedHashMap<>();
    files.put(TRAIN_FILE, writeJsonLines(modelDir.resolve(TRAIN_FILE), train));
    files.put(HELD_OUT_FILE, writeJsonLines(modelDir.resolve(HELD_OUT_FILE), heldOut));
    if (!calibration.isEmpty()) {
      files.put(CALIBRATION_FILE, writeJsonLines(modelDir.resolve(CALIBRATION_FILE), calibration));
    }
    DatasetLineage lineage =
        new DatasetLineage(
            datasetVersion,
            generator,
            generatorVersion,
            seed,
            LICENCE,
            heldOutRule,
            sources,
            files);
    try {
      Files.writeString(
          modelDir.resolve(LINEAGE_FILE),
          JSON.writeValueAsString(lineage) + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write `" + modelDir.resolve(LINEAGE_FILE) + "`", e);
    }
    return lineage;
  }

  private static DatasetLineage.FileDigest writeJsonLines(
      Path file, List<LabeledExample> examples) {
    StringBuilder out = new StringBuilder();
    ObjectMapper compact = new ObjectMapper();
    for (LabeledExample example : examples) {
      try {
        out.append(compact.writeValueAsString(example)).append('\n');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialise example `" + example.intent() + "`", e);
      }
    }
    byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write `" + file + "`", e);
    }
    Map<String, Integer> bySource = new TreeMap<>();
    for (LabeledExample example : examples) {
      bySource.merge(sourceId(example), 1, Integer::sum);
    }
    return new DatasetLineage.FileDigest(Sha256.hex(bytes), examples.size(), bySource);
  }

  /** The source id of an example: the part of its {@code source} before the first colon. */
  public static String sourceId(LabeledExample example) {
    int colon = example.source().indexOf(':');
    return colon < 0 ? example.source() : example.source().substring(0, colon);
  }
}
