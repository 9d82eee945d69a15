package dev.charter.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.model.dataset.DatasetLineage;
import dev.charter.model.dataset.GeneratedDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The answer to "do these weights come from this code?": a model version is retrained from a clean
 * state with the settings its {@code model.json} records, and every recorded sha-256 (weights,
 * encoder, lineage, each dataset file) is compared with what the retraining produced.
 *
 * @param version the model version checked, e.g. {@code v1}
 * @param shipped where the recorded hashes were read, e.g. {@code
 *     classpath:charter-model/intent-v1/}
 * @param retrainedInto the directory the retraining wrote
 * @param checks one comparison per artefact
 */
public record ModelVerification(
    String version, String shipped, Path retrainedInto, List<Check> checks) {

  /** Marks a file that one side has and the other lacks. */
  public static final String ABSENT = "(absent)";

  public ModelVerification {
    checks = List.copyOf(checks);
  }

  /**
   * One compared artefact.
   *
   * @param artefact what was compared, e.g. {@code intent-head.params}
   * @param recorded the sha-256 (or value) the shipped model records
   * @param recomputed what retraining produced
   */
  public record Check(String artefact, String recorded, String recomputed) {

    /** Whether both sides agree. */
    public boolean matches() {
      return recorded.equals(recomputed);
    }
  }

  /** Whether every artefact matched. */
  public boolean matches() {
    return checks.stream().allMatch(Check::matches);
  }

  /**
   * Verifies the model of {@code version} shipped on the classpath.
   *
   * @param workDir where to retrain; replaced by the fresh model
   */
  public static ModelVerification ofShipped(ModelVersion version, Path workDir) {
    return verify(
        version,
        "classpath:" + version.resourceDir(),
        ModelArtifacts.classpath(version.resourceDir()),
        workDir);
  }

  /**
   * Verifies the model directory {@code modelDir}, which claims to be {@code version}.
   *
   * @param workDir where to retrain; replaced by the fresh model
   */
  public static ModelVerification ofDirectory(ModelVersion version, Path modelDir, Path workDir) {
    return verify(version, modelDir.toString(), ModelArtifacts.directory(modelDir), workDir);
  }

  private static ModelVerification verify(
      ModelVersion version, String shipped, ModelArtifacts artefacts, Path workDir) {
    ModelManifest recorded;
    DatasetLineage recordedLineage;
    try {
      recorded = ModelManifest.parse(artefacts.read(ModelManifest.FILE));
      recordedLineage =
          new ObjectMapper()
              .readValue(artefacts.read(GeneratedDataset.LINEAGE_FILE), DatasetLineage.class);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the model to verify at `" + shipped + "`: " + e.getMessage(), e);
    }
    IntentTrainer.Settings settings =
        new IntentTrainer.Settings(
            recorded.seed(),
            recorded.epochs(),
            recorded.batchSize(),
            recorded.learningRate(),
            recorded.hiddenUnits());
    ModelCard retrained = new IntentTrainer(version, settings).trainFresh(workDir);
    ModelManifest fresh;
    DatasetLineage freshLineage;
    try {
      fresh = ModelManifest.parse(Files.readAllBytes(workDir.resolve(ModelManifest.FILE)));
      freshLineage =
          new ObjectMapper()
              .readValue(
                  workDir.resolve(GeneratedDataset.LINEAGE_FILE).toFile(), DatasetLineage.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the retrained model in `" + workDir + "`", e);
    }
    List<Check> checks = new ArrayList<>();
    checks.add(new Check("model version", recorded.version(), retrained.version()));
    checks.add(
        new Check(
            recorded.weightsFile(),
            recorded.weightsSha256(),
            Sha256.ofFile(workDir.resolve(fresh.weightsFile()))));
    checks.add(
        new Check(
            "encoder " + recorded.encoderId(), recorded.encoderSha256(), fresh.encoderSha256()));
    checks.add(
        new Check(
            GeneratedDataset.LINEAGE_FILE,
            recorded.lineageSha256(),
            Sha256.ofFile(workDir.resolve(GeneratedDataset.LINEAGE_FILE))));
    if (recorded.calibration() != null || fresh.calibration() != null) {
      String was = recorded.calibration() == null ? ABSENT : recorded.calibration().oodBankSha256();
      Path bank = workDir.resolve(IntentTrainer.OOD_BANK_FILE);
      checks.add(
          new Check(
              IntentTrainer.OOD_BANK_FILE, was, Files.exists(bank) ? Sha256.ofFile(bank) : ABSENT));
      checks.add(
          new Check(
              "calibration (temperature, thresholds)",
              recorded.calibration() == null ? ABSENT : thresholds(recorded.calibration()),
              fresh.calibration() == null ? ABSENT : thresholds(fresh.calibration())));
    }
    TreeSet<String> files = new TreeSet<>(recordedLineage.files().keySet());
    files.addAll(freshLineage.files().keySet());
    for (String file : files) {
      DatasetLineage.FileDigest was = recordedLineage.files().get(file);
      Path now = workDir.resolve(file);
      checks.add(
          new Check(
              file,
              was == null ? ABSENT : was.sha256(),
              Files.exists(now) ? Sha256.ofFile(now) : ABSENT));
    }
    return new ModelVerification(version.label(), shipped, workDir, checks);
  }

  private static String thresholds(Calibration calibration) {
    return "T="
        + calibration.temperature()
        + " confidence>="
        + calibration.confidenceThreshold()
        + " ood<="
        + calibration.oodThreshold();
  }
}
