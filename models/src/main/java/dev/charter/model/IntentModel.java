package dev.charter.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The trained intent model at run time: MiniLM embedding, then the DJL head. Safe to share between
 * activity threads: embedding runs concurrently, the head's forward pass is serialised.
 *
 * <p>Loading checks the weights against the sha-256 recorded in {@code model.json} and the encoder
 * against the encoder hash it was trained with, so a model never answers with bytes its card does
 * not describe.
 */
public final class IntentModel implements AutoCloseable {

  /** Classpath folder where the models jar ships the default version. */
  public static final String DEFAULT_RESOURCE = ModelVersion.DEFAULT.resourceDir();

  /** Below this confidence an uncalibrated model's (v1, v2) acting prediction is escalated. */
  public static final double UNCALIBRATED_THRESHOLD = 0.5;

  private static final String WARM_UP_TEXT = "Where is my order? It has not arrived yet.";

  private final ModelManifest manifest;
  private final SentenceEncoder encoder;
  private final IntentHead head;
  private final OodIndex ood;

  private IntentModel(
      ModelManifest manifest, SentenceEncoder encoder, IntentHead head, OodIndex ood) {
    this.manifest = manifest;
    this.encoder = encoder;
    this.head = head;
    this.ood = ood;
  }

  /**
   * Loads the default version ({@link ModelVersion#DEFAULT}) shipped on the classpath.
   *
   * @throws IllegalStateException when it is missing or its weights or encoder do not match {@code
   *     model.json}
   */
  public static IntentModel loadDefault() {
    return load(ModelVersion.DEFAULT);
  }

  /**
   * Loads the shipped model of {@code version}, e.g. {@code v2}: what canary and rollback switch
   * between.
   *
   * @throws IllegalArgumentException naming an unknown version
   * @throws IllegalStateException when it is missing or its weights or encoder do not match {@code
   *     model.json}
   */
  public static IntentModel load(String version) {
    return load(ModelVersion.fromLabel(version));
  }

  /**
   * Loads the shipped model of {@code version} from the classpath.
   *
   * @throws IllegalStateException when it is missing, its {@code model.json} names another version,
   *     or its weights or encoder do not match {@code model.json}
   */
  public static IntentModel load(ModelVersion version) {
    IntentModel model =
        load(version.resourceDir(), ModelArtifacts.classpath(version.resourceDir()));
    if (!model.manifest.version().equals(version.label())) {
      String found = model.manifest.version();
      model.close();
      throw new IllegalStateException(
          "model at `"
              + version.resourceDir()
              + "` is version `"
              + found
              + "`, not `"
              + version.label()
              + "`");
    }
    return model;
  }

  /**
   * Loads a model directory written by {@link IntentTrainer#train(Path)}.
   *
   * @throws IllegalStateException when a file is missing or its weights or encoder do not match
   *     {@code model.json}
   */
  public static IntentModel load(Path modelDir) {
    return load(modelDir + "/", ModelArtifacts.directory(modelDir));
  }

  private static IntentModel load(String where, ModelArtifacts reader) {
    ModelManifest manifest;
    byte[] weights;
    byte[] bank = null;
    try {
      manifest = ModelManifest.parse(reader.read(ModelManifest.FILE));
      weights = reader.read(manifest.weightsFile());
      if (manifest.calibration() != null) {
        bank = reader.read(manifest.calibration().oodBankFile());
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read intent model at `" + where + "`: " + e.getMessage(), e);
    }
    String actual = Sha256.hex(weights);
    if (!actual.equals(manifest.weightsSha256())) {
      throw new IllegalStateException(
          "intent model weights `"
              + where
              + manifest.weightsFile()
              + "` have sha-256 "
              + actual
              + " but model.json records "
              + manifest.weightsSha256()
              + ": refusing to load tampered or stale weights");
    }
    OodIndex ood = null;
    if (bank != null) {
      String bankSha = Sha256.hex(bank);
      if (!bankSha.equals(manifest.calibration().oodBankSha256())) {
        throw new IllegalStateException(
            "OOD bank `"
                + where
                + manifest.calibration().oodBankFile()
                + "` has sha-256 "
                + bankSha
                + " but model.json records "
                + manifest.calibration().oodBankSha256());
      }
      ood = OodIndex.read(bank, manifest.calibration().oodNeighbours());
    }
    SentenceEncoder encoder = new SentenceEncoder();
    if (!encoder.sha256().equals(manifest.encoderSha256())) {
      throw new IllegalStateException(
          "encoder `"
              + SentenceEncoder.ID
              + "` on the classpath has sha-256 "
              + encoder.sha256()
              + " but the intent model was trained with "
              + manifest.encoderSha256());
    }
    IntentHead head = IntentHead.load(weights, manifest.hiddenUnits(), manifest.labels().size());
    return new IntentModel(manifest, encoder, head, ood);
  }

  /**
   * Classifies one (redacted) text and says whether to act on it: calibrated models (v3 on) scale
   * the logits by their temperature, score the embedding's distance from the in-scope training
   * tickets and apply the thresholds of their card; uncalibrated ones abstain below 0.5.
   *
   * @param text the text; must not be null
   */
  public IntentPrediction predict(String text) {
    Objects.requireNonNull(text, "text");
    float[] embedding = encoder.embed(text);
    List<String> labels = manifest.labels();
    Calibration calibration = manifest.calibration();
    if (calibration == null) {
      float[] probabilities = head.probabilities(new float[][] {embedding})[0];
      Map<String, Double> byLabel = new LinkedHashMap<>();
      for (int i = 0; i < labels.size(); i++) {
        byLabel.put(labels.get(i), (double) probabilities[i]);
      }
      int best = IntentTrainer.argMax(probabilities);
      return new IntentPrediction(labels.get(best), probabilities[best], byLabel);
    }
    double[] probabilities =
        CalibrationFit.softmax(head.logits(new float[][] {embedding}), calibration.temperature())[
            0];
    Map<String, Double> byLabel = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      byLabel.put(labels.get(i), probabilities[i]);
    }
    int best = CalibrationFit.argMax(probabilities);
    double score = ood.score(embedding);
    return new IntentPrediction(
        labels.get(best),
        probabilities[best],
        byLabel,
        score,
        Abstention.of(
            labels.get(best),
            probabilities[best],
            score,
            calibration.confidenceThreshold(),
            calibration.oodThreshold()));
  }

  /** The model's identity and held-out metrics. */
  public ModelCard card() {
    return manifest.card();
  }

  /** Runs one prediction so the first real request does not pay for lazy native set-up. */
  public void warmUp() {
    predict(WARM_UP_TEXT);
  }

  @Override
  public void close() {
    head.close();
  }
}
