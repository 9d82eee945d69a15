package dev.charter.model;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The open-weight all-MiniLM-L6-v2 sentence encoder (ONNX, shipped inside the langchain4j jar):
 * text to 384 floats, identical for the same text across runs and JVMs.
 */
final class SentenceEncoder {

  static final String ID = "all-MiniLM-L6-v2";
  static final int DIMENSIONS = 384;

  /** Where the langchain4j jar keeps the ONNX weights; their hash identifies the encoder. */
  static final String ONNX_RESOURCE = "/all-minilm-l6-v2.onnx";

  private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
  private String sha256;

  float[] embed(String text) {
    return model.embed(text).content().vector();
  }

  float[][] embedAll(List<String> texts) {
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    return model.embedAll(segments).content().stream()
        .map(embedding -> embedding.vector())
        .toArray(float[][]::new);
  }

  /** Hex sha-256 of the encoder's ONNX bytes, computed once. */
  synchronized String sha256() {
    if (sha256 == null) {
      try (InputStream onnx =
          AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream(ONNX_RESOURCE)) {
        if (onnx == null) {
          throw new IllegalStateException(
              "encoder weights `" + ONNX_RESOURCE + "` not on the classpath");
        }
        sha256 = Sha256.ofStream(onnx);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read encoder weights `" + ONNX_RESOURCE + "`", e);
      }
    }
    return sha256;
  }
}
