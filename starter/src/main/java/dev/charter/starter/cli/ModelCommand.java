package dev.charter.starter.cli;

import dev.charter.model.IntentTrainer;
import dev.charter.model.ModelCard;
import dev.charter.model.ModelVerification;
import dev.charter.model.ModelVersion;
import dev.charter.model.Sha256;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The open-weight decision model: {@code charter model train | verify}. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Trains the in-process decision model reproducibly and verifies shipped weights.",
    subcommands = {ModelCommand.Train.class, ModelCommand.Verify.class})
final class ModelCommand implements Runnable {

  /** Exit code for bad input, as everywhere in the CLI. */
  static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = {
        "Generates the dataset and trains a model version from a clean state (fixed seed, one CPU",
        "thread, offline), then prints the sha-256 of every file written. Twice gives the same",
        "hashes."
      })
  static final class Train implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--version",
        defaultValue = "v1",
        description = "model version to train: v1, v2 or v3 (default ${DEFAULT-VALUE})")
    String version;

    @Option(
        names = "--out",
        description =
            "model directory to (re)write; absent, empty or an earlier model directory"
                + " (default charter-model/intent-<version>)")
    Path out;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      ModelVersion modelVersion;
      Path target;
      ModelCard card;
      try {
        modelVersion = ModelVersion.fromLabel(version);
        target = out != null ? out : Path.of("charter-model", "intent-" + modelVersion.label());
        card =
            new IntentTrainer(modelVersion, IntentTrainer.Settings.defaults()).trainFresh(target);
      } catch (IllegalArgumentException e) {
        err.println("charter model train: " + e.getMessage());
        return BAD_INPUT;
      }
      PrintWriter printed = spec.commandLine().getOut();
      printed.printf(
          Locale.ROOT,
          "trained %s %s into %s: held-out accuracy %.4f%n",
          card.modelId(),
          card.version(),
          target.toAbsolutePath().normalize(),
          card.heldOutAccuracy());
      for (Path file : files(target)) {
        printed.printf(
            Locale.ROOT,
            "  %-24s sha-256 %s%n",
            target.relativize(file).toString().replace('\\', '/'),
            Sha256.ofFile(file));
      }
      printed.printf(
          Locale.ROOT, "  %-24s sha-256 %s%n", "encoder " + card.encoderId(), card.encoderSha256());
      printed.flush();
      return 0;
    }

    private static List<Path> files(Path dir) {
      try (Stream<Path> walk = Files.walk(dir)) {
        return walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list `" + dir + "`", e);
      }
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Retrains a model version into a temporary directory with the settings its model.json",
        "records and compares the sha-256 of the weights, encoder, lineage and dataset files.",
        "Exit 0: all match; 1: a mismatch (both hashes printed); 2: bad input."
      })
  static final class Verify implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--version",
        defaultValue = "v1",
        description = "model version to verify: v1, v2 or v3 (default ${DEFAULT-VALUE})")
    String version;

    @Option(
        names = "--model-dir",
        description = "verify this model directory instead of the one shipped in the jar")
    Path modelDir;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      ModelVersion modelVersion;
      try {
        modelVersion = ModelVersion.fromLabel(version);
        if (modelDir != null && !Files.isRegularFile(modelDir.resolve("model.json"))) {
          throw new IllegalArgumentException("--model-dir `" + modelDir + "` holds no model.json");
        }
      } catch (IllegalArgumentException e) {
        err.println("charter model verify: " + e.getMessage());
        return BAD_INPUT;
      }
      Path work = Files.createTempDirectory("charter-model-verify");
      try {
        Path retrained = work.resolve("intent-" + modelVersion.label());
        ModelVerification result =
            modelDir == null
                ? ModelVerification.ofShipped(modelVersion, retrained)
                : ModelVerification.ofDirectory(modelVersion, modelDir, retrained);
        PrintWriter printed = spec.commandLine().getOut();
        printed.printf(
            Locale.ROOT,
            "verifying %s %s: retrained from a clean state and compared%n",
            result.shipped(),
            result.version());
        for (ModelVerification.Check check : result.checks()) {
          if (check.matches()) {
            printed.printf(
                Locale.ROOT, "  match     %-24s %s%n", check.artefact(), check.recorded());
          } else {
            printed.printf(
                Locale.ROOT,
                "  MISMATCH  %-24s recorded %s, recomputed %s%n",
                check.artefact(),
                check.recorded(),
                check.recomputed());
          }
        }
        printed.println(
            result.matches()
                ? "verified: every recorded hash is reproduced by the code"
                : "NOT verified: the shipped model is not what this code trains");
        printed.flush();
        return result.matches() ? 0 : 1;
      } finally {
        deleteRecursively(work);
      }
    }

    private static void deleteRecursively(Path path) throws IOException {
      try (Stream<Path> walk = Files.walk(path)) {
        for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(each);
        }
      }
    }
  }
}
