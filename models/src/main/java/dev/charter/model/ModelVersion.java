package dev.charter.model;

import dev.charter.model.dataset.DatasetGenerator;
import dev.charter.model.dataset.GeneratedDataset;
import dev.charter.model.dataset.TicketComposer;
import java.util.Arrays;
import java.util.List;

/**
 * The intent model versions Charter ships, all trained by the build from code in this repository,
 * so canary and rollback switch between real models. v1 and v2 are scored on the same template
 * held-out split; v3 adds the {@code other} outcome, a calibration split, calibrated confidence and
 * an out-of-distribution score (docs/models.md).
 */
public enum ModelVersion {
  /** Template-generated data only: 64 training lines per intent. The demo's default. */
  V1("v1", new DatasetGenerator.Recipe("v1", 64, false)),
  /** More data: 160 template lines per intent plus the curated paraphrases. */
  V2("v2", new DatasetGenerator.Recipe("v2", 160, true)),
  /**
   * Composed tickets in five registers with negatives of every kind the runtime must not act on,
   * six outputs including {@code other}; calibrated, with thresholds for at most 1% confident wrong
   * actions.
   */
  V3("v3", null);

  /** The version a worker loads unless told otherwise. */
  public static final ModelVersion DEFAULT = V1;

  private final String label;
  private final DatasetGenerator.Recipe recipe;

  ModelVersion(String label, DatasetGenerator.Recipe recipe) {
    this.label = label;
    this.recipe = recipe;
  }

  /** The wire name, e.g. {@code v2}. */
  public String label() {
    return label;
  }

  /**
   * What this version's template data is made of (v1, v2).
   *
   * @throws IllegalStateException for versions built by the {@link TicketComposer}
   */
  public DatasetGenerator.Recipe recipe() {
    if (recipe == null) {
      throw new IllegalStateException(
          "model version `" + label + "` is composed by " + TicketComposer.NAME + ", not a recipe");
    }
    return recipe;
  }

  /** Generates this version's dataset with {@code seed}. */
  public GeneratedDataset dataset(long seed) {
    return recipe == null
        ? new TicketComposer(seed).generate()
        : new DatasetGenerator(seed, recipe).generate();
  }

  /** The classifier's output labels, in order: the first five intents, or all six for v3. */
  public List<String> outputLabels() {
    List<String> all = Intent.labels();
    return recipe == null ? all : all.subList(0, Intent.OTHER.ordinal());
  }

  /** Whether this version is calibrated and abstains (v3 on). */
  public boolean calibrated() {
    return recipe == null;
  }

  /**
   * Classpath folder where the models jar ships this version, e.g. {@code
   * charter-model/intent-v1/}.
   */
  public String resourceDir() {
    return "charter-model/intent-" + label + "/";
  }

  /** All wire names. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(ModelVersion::label).toList();
  }

  /**
   * The version named {@code label}.
   *
   * @throws IllegalArgumentException naming the unknown version and the known ones
   */
  public static ModelVersion fromLabel(String label) {
    for (ModelVersion version : values()) {
      if (version.label.equals(label)) {
        return version;
      }
    }
    throw new IllegalArgumentException(
        "unknown model version `" + label + "`, expected one of " + labels());
  }
}
