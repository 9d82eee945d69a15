package dev.charter.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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

  /** Classpath folder where the models jar ships the trained model. */
  public static final String DEFAULT_RESOURCE = "charter-model/intent-v1/";

  private static final String WARM_UP_TEXT = "Where is my order? It has not arrived yet.";

  private final ModelManifest manifest;
  private final SentenceEncoder encoder;
  private final IntentHead head;

  private IntentModel(ModelManifest manifest, SentenceEncoder encoder, IntentHead head) {
    this.manifest = manifest;
    this.encoder = encoder;
    this.head = head;
  }

  /**
   * Loads the model shipped on the classpath under {@link #DEFAULT_RESOURCE}.
   *
   * @throws IllegalStateException when it is missing or its weights or encoder do not match {@code
   *     model.json}
   */
  public static IntentModel loadDefault() {
    ClassLoader loader = IntentModel.class.getClassLoader();
    return load(
        DEFAULT_RESOURCE,
        name -> {
          try (InputStream in = loader.getResourceAsStream(DEFAULT_RESOURCE + name)) {
            if (in == null) {
              throw new IllegalStateException(
                  "model resource `"
                      + DEFAULT_RESOURCE
                      + name
                      + "` not on the classpath: build the models module, which trains it");
            }
            return in.readAllBytes();
          }
        });
  }

  /**
   * Loads a model directory written by {@link IntentTrainer#train(Path)}.
   *
   * @throws IllegalStateException when a file is missing or its weights or encoder do not match
   *     {@code model.json}
   */
  public static IntentModel load(Path modelDir) {
    return load(modelDir.toString(), name -> Files.readAllBytes(modelDir.resolve(name)));
  }

  private static IntentModel load(String where, ArtifactReader reader) {
    ModelManifest manifest;
    byte[] weights;
    try {
      manifest = new ObjectMapper().readValue(reader.read(ModelManifest.FILE), ModelManifest.class);
      weights = reader.read(manifest.weightsFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read intent model at `" + where + "`", e);
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
    return new IntentModel(manifest, encoder, head);
  }

  /**
   * Classifies one (redacted) text.
   *
   * @param text the text; must not be null
   */
  public IntentPrediction predict(String text) {
    Objects.requireNonNull(text, "text");
    float[] probabilities = head.probabilities(new float[][] {encoder.embed(text)})[0];
    List<String> labels = manifest.labels();
    Map<String, Double> byLabel = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      byLabel.put(labels.get(i), (double) probabilities[i]);
    }
    int best = IntentTrainer.argMax(probabilities);
    return new IntentPrediction(labels.get(best), probabilities[best], byLabel);
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

  @FunctionalInterface
  private interface ArtifactReader {
    byte[] read(String name) throws IOException;
  }
}
