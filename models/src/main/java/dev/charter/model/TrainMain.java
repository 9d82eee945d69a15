package dev.charter.model;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Command line entry of the training pipeline, run by the models build at {@code process-classes}
 * so the jar ships freshly trained weights.
 *
 * <p>Usage: {@code TrainMain --out <dir> [--seed <long>] [--epochs <int>]}. Run it with {@code
 * -Dai.djl.offline=true} and {@code OMP_NUM_THREADS=1} for bit-identical weights.
 */
public final class TrainMain {

  private TrainMain() {}

  /** Trains into {@code --out}; exits non-zero with the reason on bad arguments. */
  public static void main(String[] args) {
    IntentTrainer.Settings settings = IntentTrainer.Settings.defaults();
    Path out = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("`" + flag + "` needs a value");
        }
        String value = args[++i];
        switch (flag) {
          case "--out" -> out = Path.of(value);
          case "--seed" ->
              settings =
                  new IntentTrainer.Settings(
                      Long.parseLong(value),
                      settings.epochs(),
                      settings.batchSize(),
                      settings.learningRate(),
                      settings.hiddenUnits());
          case "--epochs" -> settings = settings.withEpochs(Integer.parseInt(value));
          default -> throw new IllegalArgumentException("unknown option `" + flag + "`");
        }
      }
      if (out == null) {
        throw new IllegalArgumentException("`--out <dir>` is required");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("charter model train: " + e.getMessage());
      System.err.println("usage: TrainMain --out <dir> [--seed <long>] [--epochs <int>]");
      System.exit(2);
      return;
    }
    ModelCard card = new IntentTrainer(settings).train(out);
    System.out.printf(
        Locale.ROOT,
        "event=model_trained modelId=%s version=%s weightsSha256=%s heldOutAccuracy=%.4f out=%s%n",
        card.modelId(),
        card.version(),
        card.weightsSha256(),
        card.heldOutAccuracy(),
        out);
  }
}
