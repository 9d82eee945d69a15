package dev.charter.model;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Command line entry of the training pipeline, run by the models build at {@code process-classes}
 * so the jar ships freshly trained weights of every version.
 *
 * <p>Usage: {@code TrainMain --all <root>} trains every {@link ModelVersion} into {@code
 * <root>/intent-<version>}; {@code TrainMain --out <dir> [--version v1|v2] [--seed <long>]
 * [--epochs <int>]} trains one. Run it with {@code -Dai.djl.offline=true} and {@code
 * OMP_NUM_THREADS=1} for bit-identical weights. {@code charter model train} is the same pipeline.
 */
public final class TrainMain {

  private static final String USAGE =
      "usage: TrainMain (--all <root> | --out <dir> [--version "
          + String.join("|", ModelVersion.labels())
          + "] [--seed <long>] [--epochs <int>])";

  private TrainMain() {}

  /** Trains; exits 2 with the reason on bad arguments. */
  public static void main(String[] args) {
    IntentTrainer.Settings settings = IntentTrainer.Settings.defaults();
    ModelVersion version = ModelVersion.DEFAULT;
    Path out = null;
    Path all = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("`" + flag + "` needs a value");
        }
        String value = args[++i];
        switch (flag) {
          case "--out" -> out = Path.of(value);
          case "--all" -> all = Path.of(value);
          case "--version" -> version = ModelVersion.fromLabel(value);
          case "--seed" -> settings = settings.withSeed(Long.parseLong(value));
          case "--epochs" -> settings = settings.withEpochs(Integer.parseInt(value));
          default -> throw new IllegalArgumentException("unknown option `" + flag + "`");
        }
      }
      if ((out == null) == (all == null)) {
        throw new IllegalArgumentException("give exactly one of `--out <dir>` and `--all <root>`");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("TrainMain: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (all != null) {
      for (ModelVersion each : ModelVersion.values()) {
        report(new IntentTrainer(each, settings).trainFresh(all.resolve("intent-" + each.label())));
      }
    } else {
      report(new IntentTrainer(version, settings).trainFresh(out));
    }
  }

  private static void report(ModelCard card) {
    System.out.printf(
        Locale.ROOT,
        "event=model_trained modelId=%s version=%s weightsSha256=%s heldOutAccuracy=%.4f%n",
        card.modelId(),
        card.version(),
        card.weightsSha256(),
        card.heldOutAccuracy());
  }
}
