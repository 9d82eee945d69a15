package dev.charter.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The out-of-distribution score: how far a text's embedding lies from the in-scope training
 * tickets, as 1 minus the mean cosine similarity to its k nearest neighbours among them (the
 * k-nearest-neighbour distance of Sun et al., 2022, on unit-length embeddings). 0 for a text the
 * model trained on, towards 1 for unrelated text. Distances are computed on the embeddings, not on
 * the head, so an overconfident head cannot hide a ticket unlike anything it learned.
 */
final class OodIndex {

  private final float[][] bank;
  private final int neighbours;

  private OodIndex(float[][] bank, int neighbours) {
    this.bank = bank;
    this.neighbours = neighbours;
  }

  /** An index over {@code embeddings}, normalised to unit length. */
  static OodIndex of(float[][] embeddings, int neighbours) {
    if (embeddings.length < neighbours) {
      throw new IllegalArgumentException(
          "an OOD index needs at least " + neighbours + " embeddings, got " + embeddings.length);
    }
    float[][] bank = new float[embeddings.length][];
    for (int i = 0; i < embeddings.length; i++) {
      bank[i] = unit(embeddings[i]);
    }
    return new OodIndex(bank, neighbours);
  }

  /** Reads the bytes {@link #bytes()} wrote. */
  static OodIndex read(byte[] bytes, int neighbours) {
    int width = SentenceEncoder.DIMENSIONS;
    if (bytes.length == 0 || bytes.length % (Float.BYTES * width) != 0) {
      throw new IllegalStateException(
          "OOD bank of "
              + bytes.length
              + " bytes is not a whole number of "
              + width
              + "-float rows");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[][] bank = new float[bytes.length / (Float.BYTES * width)][width];
    for (float[] row : bank) {
      buffer.asFloatBuffer().get(row);
      buffer.position(buffer.position() + Float.BYTES * width);
    }
    return new OodIndex(bank, neighbours);
  }

  /** The bank as float32 little-endian rows. */
  byte[] bytes() {
    int width = SentenceEncoder.DIMENSIONS;
    ByteBuffer buffer =
        ByteBuffer.allocate(bank.length * width * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : bank) {
      for (float value : row) {
        buffer.putFloat(value);
      }
    }
    return buffer.array();
  }

  int rows() {
    return bank.length;
  }

  /** 1 minus the mean cosine similarity to the k nearest bank rows. */
  double score(float[] embedding) {
    float[] query = unit(embedding);
    double[] best = new double[neighbours];
    Arrays.fill(best, -2.0);
    for (float[] row : bank) {
      double similarity = 0;
      for (int d = 0; d < row.length; d++) {
        similarity += row[d] * query[d];
      }
      if (similarity > best[neighbours - 1]) {
        int at = neighbours - 1;
        while (at > 0 && best[at - 1] < similarity) {
          best[at] = best[at - 1];
          at--;
        }
        best[at] = similarity;
      }
    }
    double sum = 0;
    for (double similarity : best) {
      sum += similarity;
    }
    return 1.0 - sum / neighbours;
  }

  private static float[] unit(float[] vector) {
    double norm = 0;
    for (float value : vector) {
      norm += value * value;
    }
    double length = Math.sqrt(norm);
    float[] out = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      out[i] = length == 0 ? 0f : (float) (vector[i] / length);
    }
    return out;
  }
}
