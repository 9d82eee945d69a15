package dev.charter.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * The classification head on top of the sentence embedding: 384 → hidden → labels MLP with ReLU,
 * run on DJL PyTorch. Forward passes are serialised: the head takes microseconds, and one thread at
 * a time keeps PyTorch's CPU ops deterministic.
 */
final class IntentHead implements AutoCloseable {

  static final String ENGINE = "PyTorch";

  private final Model model;
  private final Block block;

  private IntentHead(Model model, Block block) {
    this.model = model;
    this.block = block;
  }

  /** A fresh, uninitialised head block. */
  static Block newBlock(int hiddenUnits, int labels) {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(hiddenUnits).build())
        .add(Activation::relu)
        .add(Linear.builder().setUnits(labels).build());
  }

  /**
   * The PyTorch engine, loaded offline and single-threaded whatever the JVM was started with: the
   * native library comes from the pytorch-native-cpu jar, never from the network.
   */
  static Engine engine() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", "1");
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    return Engine.getEngine(ENGINE);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** Loads a head from the bytes {@link IntentTrainer} wrote with {@code saveParameters}. */
  static IntentHead load(byte[] weights, int hiddenUnits, int labels) {
    engine();
    Model model = Model.newInstance("charter-intent-head", ENGINE);
    try {
      Block block = newBlock(hiddenUnits, labels);
      block.initialize(
          model.getNDManager(), DataType.FLOAT32, new Shape(1, SentenceEncoder.DIMENSIONS));
      block.loadParameters(
          model.getNDManager(), new DataInputStream(new ByteArrayInputStream(weights)));
      model.setBlock(block);
      return new IntentHead(model, block);
    } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
      model.close();
      throw new IllegalStateException("cannot load intent head weights: " + e.getMessage(), e);
    }
  }

  /** Softmax probabilities for each row of {@code embeddings}, in label order. */
  synchronized float[][] probabilities(float[][] embeddings) {
    return forward(embeddings, true);
  }

  /** The raw logits for each row of {@code embeddings}, for temperature scaling. */
  synchronized float[][] logits(float[][] embeddings) {
    return forward(embeddings, false);
  }

  private float[][] forward(float[][] embeddings, boolean softmax) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray input = manager.create(embeddings);
      NDList logits = block.forward(new ParameterStore(manager, false), new NDList(input), false);
      NDArray probabilities =
          softmax ? logits.singletonOrThrow().softmax(1) : logits.singletonOrThrow();
      int rows = embeddings.length;
      int columns = (int) probabilities.getShape().get(1);
      float[] flat = probabilities.toFloatArray();
      float[][] out = new float[rows][columns];
      for (int row = 0; row < rows; row++) {
        System.arraycopy(flat, row * columns, out[row], 0, columns);
      }
      return out;
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
