package dev.charter.model;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The check that the bytes a worker is about to run are the ones the model card names: the head's
 * weights, the MiniLM encoder and, for a calibrated model (v3 on), its out-of-distribution bank,
 * each hashed with sha-256 and compared with {@code model.json}. A model is loaded only when every
 * artifact matches ({@link #requireVerified()}); the result is kept for health and provenance.
 *
 * @param modelId the model id, e.g. {@code charter-intent}
 * @param version the model version, e.g. {@code v1}
 * @param location where the model was read, e.g. {@code charter-model/intent-v1/}
 * @param artifacts one comparison per artifact
 */
public record ModelArtifactCheck(
    String modelId, String version, String location, List<ArtifactDigest> artifacts) {

  private static volatile String encoderSha256;

  public ModelArtifactCheck {
    artifacts = List.copyOf(artifacts);
  }

  /**
   * One artifact's hash as the model card records it and as computed from the bytes loaded.
   *
   * @param artifact the artifact, e.g. {@code charter-model/intent-v1/intent-head.params}
   * @param recorded the sha-256 the model card records
   * @param actual the sha-256 of the bytes found
   */
  public record ArtifactDigest(String artifact, String recorded, String actual) {

    /** Whether the bytes are the recorded ones. */
    public boolean matches() {
      return recorded != null && recorded.equals(actual);
    }
  }

  /** Whether every artifact matches its recorded hash. */
  public boolean verified() {
    return artifacts.stream().allMatch(ArtifactDigest::matches);
  }

  /**
   * Throws unless {@link #verified()}.
   *
   * @throws IllegalStateException naming the first mismatching artifact and both hashes
   */
  public ModelArtifactCheck requireVerified() {
    for (ArtifactDigest digest : artifacts) {
      if (!digest.matches()) {
        throw new IllegalStateException(
            "intent model "
                + version
                + ": `"
                + digest.artifact()
                + "` has sha-256 "
                + digest.actual()
                + " but its model card (model.json) records "
                + digest.recorded()
                + ": refusing to load tampered or stale model artifacts");
      }
    }
    return this;
  }

  /**
   * Compares the loaded weights, OOD bank and encoder hash with what {@code manifest} records.
   *
   * @param oodBank the OOD bank's bytes when the manifest names one (calibrated models), else null
   */
  static ModelArtifactCheck of(
      String location,
      ModelManifest manifest,
      byte[] weights,
      byte[] oodBank,
      String encoderSha256) {
    List<ArtifactDigest> artifacts = new ArrayList<>();
    artifacts.add(
        new ArtifactDigest(
            location + manifest.weightsFile(), manifest.weightsSha256(), Sha256.hex(weights)));
    if (manifest.calibration() != null) {
      artifacts.add(
          new ArtifactDigest(
              location + manifest.calibration().oodBankFile(),
              manifest.calibration().oodBankSha256(),
              oodBank == null ? null : Sha256.hex(oodBank)));
    }
    artifacts.add(
        new ArtifactDigest(
            "encoder " + manifest.encoderId() + " (" + SentenceEncoder.ONNX_RESOURCE + ")",
            manifest.encoderSha256(),
            encoderSha256));
    return new ModelArtifactCheck(manifest.modelId(), manifest.version(), location, artifacts);
  }

  /**
   * Checks the model of {@code version} shipped on the classpath without loading it (no DJL, no
   * ONNX session): what a worker runs at start for every version it ships.
   *
   * @throws IllegalStateException when the model's files cannot be read
   */
  public static ModelArtifactCheck ofShipped(ModelVersion version) {
    ModelArtifacts reader = ModelArtifacts.classpath(version.resourceDir());
    try {
      ModelManifest manifest = ModelManifest.parse(reader.read(ModelManifest.FILE));
      byte[] oodBank =
          manifest.calibration() == null ? null : reader.read(manifest.calibration().oodBankFile());
      return of(
          version.resourceDir(),
          manifest,
          reader.read(manifest.weightsFile()),
          oodBank,
          encoderSha256());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read intent model at `" + version.resourceDir() + "`: " + e.getMessage(), e);
    }
  }

  /** Hex sha-256 of the encoder's ONNX bytes on the classpath, computed once per JVM. */
  static String encoderSha256() {
    String known = encoderSha256;
    if (known == null) {
      try (InputStream onnx =
          AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream(SentenceEncoder.ONNX_RESOURCE)) {
        if (onnx == null) {
          throw new IllegalStateException(
              "encoder weights `" + SentenceEncoder.ONNX_RESOURCE + "` not on the classpath");
        }
        known = Sha256.ofStream(onnx);
        encoderSha256 = known;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read encoder weights `" + SentenceEncoder.ONNX_RESOURCE + "`", e);
      }
    }
    return known;
  }
}
