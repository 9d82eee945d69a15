package dev.charter.model;

import dev.charter.model.dataset.DatasetGenerator;
import java.util.Arrays;
import java.util.List;

/**
 * The intent model versions Charter ships. Both are trained by the build from code in this
 * repository and scored on the same held-out split, so canary and rollback switch between two real,
 * comparable models.
 */
public enum ModelVersion {
  /** Template-generated data only: 64 training lines per intent. The demo's default. */
  V1("v1", new DatasetGenerator.Recipe("v1", 64, false)),
  /** More data: 160 template lines per intent plus the curated paraphrases. */
  V2("v2", new DatasetGenerator.Recipe("v2", 160, true));

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

  /** What this version's training data is made of. */
  public DatasetGenerator.Recipe recipe() {
    return recipe;
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
