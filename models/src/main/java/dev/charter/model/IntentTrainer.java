package dev.charter.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.charter.model.dataset.DatasetLineage;
import dev.charter.model.dataset.GeneratedDataset;
import dev.charter.model.dataset.LabeledExample;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the intent head reproducibly and writes everything a model directory holds: the dataset
 * with its lineage, {@code intent-head.params}, {@code model.json} and {@code MODEL_CARD.md}.
 *
 * <p>Reproducible means bit-identical weights for the same settings: the generator and the encoder
 * are deterministic, the engine seed is set before any parameter exists, batches come in dataset
 * order, and PyTorch runs on one CPU thread.
 */
public final class IntentTrainer {

  /** The model id every artefact carries. */
  public static final String MODEL_ID = "charter-intent";

  /** Name of the weights file in the model directory. */
  public static final String WEIGHTS_FILE = "intent-head.params";

  /** Name of the model card in the model directory. */
  public static final String MODEL_CARD_FILE = "MODEL_CARD.md";

  /** Name of the OOD bank (in-scope training embeddings) in a calibrated model directory. */
  public static final String OOD_BANK_FILE = "ood-bank.f32";

  /** The stated target: at most this share of in-scope tickets lead to a confident wrong action. */
  public static final double TARGET_CONFIDENT_WRONG = 0.01;

  /** The stated target: at least this share of out-of-scope tickets are escalated. */
  public static final double TARGET_OTHER_ESCALATED = 0.95;

  /**
   * Thresholds are selected on the calibration split for half of each target: composed tickets are
   * easier than real ones, and the margin was fixed before the independent set was scored.
   */
  static final double SELECTION_MARGIN = 0.5;

  /** k of the OOD score. */
  static final int OOD_NEIGHBOURS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(IntentTrainer.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Training settings.
   *
   * @param seed seeds both the dataset generator and the engine
   * @param epochs passes over the training split
   * @param batchSize examples per optimizer step
   * @param learningRate Adam's fixed learning rate
   * @param hiddenUnits width of the hidden layer
   */
  public record Settings(
      long seed, int epochs, int batchSize, float learningRate, int hiddenUnits) {

    public Settings {
      if (epochs < 1 || epochs > 1000) {
        throw new IllegalArgumentException("epochs must be 1..1000, got " + epochs);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
      }
      if (!(learningRate > 0f)) {
        throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
      }
      if (hiddenUnits < 1) {
        throw new IllegalArgumentException("hiddenUnits must be positive, got " + hiddenUnits);
      }
    }

    /** The settings of the shipped model. */
    public static Settings defaults() {
      return new Settings(20251125L, 30, 16, 0.005f, 32);
    }

    /** The same settings with another seed. */
    public Settings withSeed(long newSeed) {
      return new Settings(newSeed, epochs, batchSize, learningRate, hiddenUnits);
    }

    /** The same settings with another number of epochs. */
    public Settings withEpochs(int newEpochs) {
      return new Settings(seed, newEpochs, batchSize, learningRate, hiddenUnits);
    }
  }

  private final ModelVersion version;
  private final Settings settings;
  private final SentenceEncoder encoder;

  /** A trainer of {@code version} with its own sentence encoder. */
  public IntentTrainer(ModelVersion version, Settings settings) {
    this(version, settings, new SentenceEncoder());
  }

  IntentTrainer(ModelVersion version, Settings settings, SentenceEncoder encoder) {
    this.version = version;
    this.settings = settings;
    this.encoder = encoder;
  }

  /**
   * Trains from a clean state into {@code modelDir}: everything is written into a fresh sibling
   * directory first, which then replaces {@code modelDir}, so no file of an earlier run survives
   * and a failed run leaves {@code modelDir} as it was.
   *
   * @param modelDir the model directory; absent, empty, or an earlier model directory (it holds a
   *     {@code model.json})
   * @return the card of the model written
   * @throws IllegalArgumentException when {@code modelDir} is a file or a non-empty directory that
   *     is not a model directory
   */
  public ModelCard trainFresh(Path modelDir) {
    Path target = modelDir.toAbsolutePath().normalize();
    if (Files.exists(target) && !isReplaceable(target)) {
      throw new IllegalArgumentException(
          "output `"
              + modelDir
              + "` exists and is not a model directory (no "
              + ModelManifest.FILE
              + "): refusing to overwrite it");
    }
    Path staging;
    try {
      Files.createDirectories(target.getParent());
      staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a staging directory next to `" + target + "`", e);
    }
    try {
      ModelCard card = train(staging);
      deleteRecursively(target);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      LOG.info(
          "event=model_trained modelId={} version={} weightsSha256={} heldOutAccuracy={} dir={}",
          card.modelId(),
          card.version(),
          card.weightsSha256(),
          card.heldOutAccuracy(),
          target);
      return card;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the trained model into `" + target + "`", e);
    } finally {
      deleteRecursively(staging);
    }
  }

  private static boolean isReplaceable(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    if (Files.exists(dir.resolve(ModelManifest.FILE))) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list `" + dir + "`", e);
    }
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete `" + path + "`", e);
    }
  }

  /**
   * Generates the dataset, trains, evaluates on the held-out split and writes the model directory.
   *
   * @param modelDir the directory to fill; created if missing, its model files overwritten
   * @return the card of the model written
   */
  public ModelCard train(Path modelDir) {
    try {
      Files.createDirectories(modelDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create model directory `" + modelDir + "`", e);
    }
    GeneratedDataset dataset = version.dataset(settings.seed());
    DatasetLineage lineage = dataset.writeTo(modelDir);
    List<String> labels = version.outputLabels();

    float[][] trainEmbeddings = embed(dataset.train());
    byte[] weights = fit(trainEmbeddings, classIndices(dataset.train(), labels), labels.size());
    write(modelDir.resolve(WEIGHTS_FILE), weights);

    HeldOutMetrics metrics;
    Calibration calibration = null;
    // Metrics come from the written bytes through the runtime's own head, not the trainer's copy.
    try (IntentHead head = IntentHead.load(weights, settings.hiddenUnits(), labels.size())) {
      float[][] heldOutEmbeddings = embed(dataset.heldOut());
      if (version.calibrated()) {
        calibration =
            calibrate(head, dataset, trainEmbeddings, heldOutEmbeddings, labels, modelDir);
        double[][] scaled =
            CalibrationFit.softmax(head.logits(heldOutEmbeddings), calibration.temperature());
        metrics = HeldOutMetrics.of(dataset.heldOut(), toFloat(scaled), labels);
      } else {
        float[][] probabilities = head.probabilities(heldOutEmbeddings);
        metrics = HeldOutMetrics.of(dataset.heldOut(), probabilities, labels);
      }
    }

    ModelManifest manifest =
        new ModelManifest(
            MODEL_ID,
            version.label(),
            labels,
            settings.seed(),
            settings.epochs(),
            settings.batchSize(),
            settings.learningRate(),
            settings.hiddenUnits(),
            WEIGHTS_FILE,
            Sha256.hex(weights),
            SentenceEncoder.ID,
            encoder.sha256(),
            Sha256.ofFile(modelDir.resolve(GeneratedDataset.LINEAGE_FILE)),
            dataset.train().size(),
            dataset.heldOut().size(),
            metrics.accuracy(),
            metrics.recall(),
            metrics.precision(),
            metrics.support(),
            calibration);
    writeJson(modelDir.resolve(ModelManifest.FILE), manifest);
    write(
        modelDir.resolve(MODEL_CARD_FILE),
        renderCard(manifest, lineage).getBytes(StandardCharsets.UTF_8));
    LOG.debug(
        "event=model_trained modelId={} version={} weightsSha256={} heldOutAccuracy={} dir={}",
        MODEL_ID,
        version.label(),
        manifest.weightsSha256(),
        metrics.accuracy(),
        modelDir);
    return manifest.card();
  }

  private float[][] embed(List<LabeledExample> examples) {
    return encoder.embedAll(examples.stream().map(LabeledExample::text).toList());
  }

  /**
   * Fits temperature, the OOD bank and thresholds on the calibration split (never trained on), and
   * measures them there and on the held-out split. Writes the OOD bank.
   */
  private Calibration calibrate(
      IntentHead head,
      GeneratedDataset dataset,
      float[][] trainEmbeddings,
      float[][] heldOutEmbeddings,
      List<String> labels,
      Path modelDir) {
    List<float[]> inScope = new java.util.ArrayList<>();
    for (int i = 0; i < trainEmbeddings.length; i++) {
      if (!Intent.OTHER.label().equals(dataset.train().get(i).intent())) {
        inScope.add(trainEmbeddings[i]);
      }
    }
    OodIndex index = OodIndex.of(inScope.toArray(float[][]::new), OOD_NEIGHBOURS);
    byte[] bank = index.bytes();
    write(modelDir.resolve(OOD_BANK_FILE), bank);

    float[][] calibrationEmbeddings = embed(dataset.calibration());
    float[][] logits = head.logits(calibrationEmbeddings);
    int[] truth = truth(dataset.calibration(), labels);
    double temperature = CalibrationFit.temperature(logits, truth);
    double[][] before = CalibrationFit.softmax(logits, 1.0);
    double[][] after = CalibrationFit.softmax(logits, temperature);
    double[] ood = scores(index, calibrationEmbeddings);
    double maxWrong = TARGET_CONFIDENT_WRONG * SELECTION_MARGIN;
    double maxOtherActed = (1 - TARGET_OTHER_ESCALATED) * SELECTION_MARGIN;
    CalibrationFit.Thresholds thresholds =
        CalibrationFit.select(after, ood, truth, labels, maxWrong, maxOtherActed);
    CalibrationFit.Rates calibrationRates =
        CalibrationFit.rates(after, ood, truth, labels, thresholds);

    int[] heldOutTruth = truth(dataset.heldOut(), labels);
    double[][] heldOut = CalibrationFit.softmax(head.logits(heldOutEmbeddings), temperature);
    CalibrationFit.Rates heldOutRates =
        CalibrationFit.rates(
            heldOut, scores(index, heldOutEmbeddings), heldOutTruth, labels, thresholds);
    return new Calibration(
        temperature,
        thresholds.confidence(),
        thresholds.ood(),
        OOD_NEIGHBOURS,
        OOD_BANK_FILE,
        Sha256.hex(bank),
        index.rows(),
        TARGET_CONFIDENT_WRONG,
        maxWrong,
        CalibrationFit.ece(before, truth),
        CalibrationFit.ece(after, truth),
        calibrationRates.confidentWrong(),
        calibrationRates.otherEscalated(),
        CalibrationFit.ece(heldOut, heldOutTruth),
        heldOutRates.confidentWrong(),
        heldOutRates.otherEscalated(),
        heldOutRates.automated());
  }

  private static double[] scores(OodIndex index, float[][] embeddings) {
    double[] out = new double[embeddings.length];
    for (int i = 0; i < embeddings.length; i++) {
      out[i] = index.score(embeddings[i]);
    }
    return out;
  }

  private static int[] truth(List<LabeledExample> examples, List<String> labels) {
    int[] out = new int[examples.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = labels.indexOf(examples.get(i).intent());
      if (out[i] < 0) {
        throw new IllegalStateException(
            "example label `" + examples.get(i).intent() + "` is not an output of " + labels);
      }
    }
    return out;
  }

  private static float[][] toFloat(double[][] values) {
    float[][] out = new float[values.length][];
    for (int r = 0; r < values.length; r++) {
      out[r] = new float[values[r].length];
      for (int c = 0; c < values[r].length; c++) {
        out[r][c] = (float) values[r][c];
      }
    }
    return out;
  }

  private static float[] classIndices(List<LabeledExample> examples, List<String> labels) {
    int[] truth = truth(examples, labels);
    float[] indices = new float[truth.length];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = truth[i];
    }
    return indices;
  }

  /** Trains a fresh head and returns its serialised parameters. */
  private byte[] fit(float[][] features, float[] classes, int labels) {
    IntentHead.engine().setRandomSeed((int) settings.seed());
    try (Model model = Model.newInstance(MODEL_ID, IntentHead.ENGINE)) {
      model.setBlock(IntentHead.newBlock(settings.hiddenUnits(), labels));
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(
                  Optimizer.adam()
                      .optLearningRateTracker(Tracker.fixed(settings.learningRate()))
                      .build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, SentenceEncoder.DIMENSIONS));
        NDManager manager = trainer.getManager();
        NDArray x = manager.create(features);
        NDArray y = manager.create(classes);
        // No shuffling sampler: the generator already fixed a seeded order, reused every epoch.
        ArrayDataset data =
            new ArrayDataset.Builder()
                .setData(x)
                .optLabels(y)
                .setSampling(settings.batchSize(), false)
                .build();
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
          for (Batch batch : trainer.iterateDataset(data)) {
            EasyTrain.trainBatch(trainer, batch);
            trainer.step();
            batch.close();
          }
        }
      } catch (IOException | TranslateException e) {
        throw new IllegalStateException("training failed: " + e.getMessage(), e);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        model.getBlock().saveParameters(out);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot serialise intent head weights", e);
      }
      return bytes.toByteArray();
    }
  }

  static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static String renderCard(ModelManifest m, DatasetLineage lineage) {
    StringBuilder card = new StringBuilder();
    card.append("# Model card: ")
        .append(m.modelId())
        .append(' ')
        .append(m.version())
        .append("\n\n");
    card.append("## Intended use\n\n")
        .append("Classifies a redacted support-desk ticket into one of ")
        .append(String.join(", ", m.labels().stream().map(l -> "`" + l + "`").toList()))
        .append(", so that Charter's in-process backend can propose the matching tool plan.")
        .append(" Every proposal it makes is still authorized by Cedar before any tool runs;")
        .append(
            m.calibration() == null
                ? " predictions below 0.5 confidence are escalated to a human."
                : " `other`, out-of-distribution and low-confidence predictions are escalated to"
                    + " a human with the reason (thresholds below).")
        .append(" Not for: deciding anything without Cedar authorization, other domains,")
        .append(" or text that still carries raw personal data.\n\n");
    card.append("## Architecture\n\n")
        .append("- Encoder: `")
        .append(m.encoderId())
        .append("` (open weights, ONNX, 384 dimensions), sha-256 `")
        .append(m.encoderSha256())
        .append("`\n- Head: MLP 384 → ")
        .append(m.hiddenUnits())
        .append(" (ReLU) → ")
        .append(m.labels().size())
        .append(" (softmax), DJL PyTorch, CPU, one thread\n")
        .append("- Training: Adam, learning rate ")
        .append(m.learningRate())
        .append(", batch ")
        .append(m.batchSize())
        .append(", ")
        .append(m.epochs())
        .append(" epochs, seed ")
        .append(m.seed())
        .append(", softmax cross-entropy, ")
        .append(m.trainExamples())
        .append(" training examples\n\n");
    card.append("## Data lineage\n\n")
        .append("- Dataset for `")
        .append(lineage.datasetVersion())
        .append("` by `")
        .append(lineage.generator())
        .append("` version ")
        .append(lineage.generatorVersion())
        .append(", seed ")
        .append(lineage.seed())
        .append(", licence ")
        .append(lineage.licence())
        .append("\n- Held-out rule: ")
        .append(lineage.heldOutRule())
        .append("\n- Content: PII only as redaction tokens (`<email:1>`, `<phone:1>`,")
        .append(" `<card_number:1>`)\n");
    lineage
        .sources()
        .forEach(
            (id, source) -> {
              card.append("- source `")
                  .append(id)
                  .append("`: ")
                  .append(source.kind())
                  .append(", ")
                  .append(source.origin())
                  .append(", licence ")
                  .append(source.licence());
              if (source.sha256() != null) {
                card.append(", sha-256 `").append(source.sha256()).append('`');
              }
              if (!source.heldOutTemplates().isEmpty()) {
                card.append(", held-out templates ")
                    .append(String.join(", ", source.heldOutTemplates()));
              }
              card.append('\n');
            });
    lineage
        .files()
        .forEach(
            (path, digest) ->
                card.append("- `")
                    .append(path)
                    .append("`: ")
                    .append(digest.examples())
                    .append(" examples ")
                    .append(digest.sources())
                    .append(", sha-256 `")
                    .append(digest.sha256())
                    .append("`\n"));
    card.append("- `lineage.json` sha-256 `").append(m.lineageSha256()).append("`\n\n");
    card.append("## Held-out metrics\n\n")
        .append("Accuracy on ")
        .append(m.heldOutExamples())
        .append(
            m.calibration() == null
                ? " held-out examples, written from templates that training never used: "
                : " held-out examples, composed from phrases that training and calibration never"
                    + " used: ")
        .append(format(m.heldOutAccuracy()))
        .append("\n\n| intent | held-out examples | precision | recall (accuracy on the class) |\n")
        .append("|---|---|---|---|\n");
    for (String label : m.labels()) {
      card.append("| `")
          .append(label)
          .append("` | ")
          .append(m.heldOutExamplesPerClass().get(label))
          .append(" | ")
          .append(format(m.heldOutPrecisionPerClass().get(label)))
          .append(" | ")
          .append(format(m.heldOutAccuracyPerClass().get(label)))
          .append(" |\n");
    }
    if (m.calibration() != null) {
      renderCalibration(card, m.calibration());
    }
    if (m.calibration() == null) {
      card.append("\n## Known limits\n\n")
          .append("- Trained on generated English templates")
          .append(lineage.sources().size() > 1 ? " and a small set of curated paraphrases" : "")
          .append(" only: real tickets, other languages, long threads and tickets mixing several")
          .append(" requests are out of distribution; held-out accuracy measures generalisation to")
          .append(
              " unseen template phrasings written by the same authors, not production accuracy.\n")
          .append("- Five closed classes: anything else is forced into one of them, which is why")
          .append(" low-confidence predictions must be escalated.\n")
          .append("- Confidence is an uncalibrated softmax probability and is often high on")
          .append(" off-topic tickets (e.g. an opening-hours question lands in `order_status`),")
          .append(" so the 0.5 escalation threshold catches only part of them; Cedar authorization")
          .append(" of every proposed tool call remains the safeguard.\n")
          .append("- Tool arguments (order ids, amounts) are not extracted by the model; they come")
          .append(" from the task's structured fields.\n\n");
    } else {
      card.append("\n## Known limits\n\n")
          .append("- Trained on composed English tickets written for Charter; tickets in French,")
          .append(" German or Spanish are trained as `other` and escalated on purpose, since the")
          .append(" English encoder does not read them reliably. Held-out figures measure unseen")
          .append(" phrasings by the same authors; docs/models.md reports an independent set.\n")
          .append("- Thresholds hold on the calibration split; on real tickets the rate of")
          .append(" confident wrong actions can be higher, which is why Cedar authorizes every")
          .append(" proposed tool call.\n")
          .append("- Tool arguments (order ids, amounts) are not extracted by the model; they come")
          .append(" from the task's structured fields.\n\n");
    }
    card.append("## Integrity\n\n")
        .append("- `")
        .append(m.weightsFile())
        .append("` sha-256 `")
        .append(m.weightsSha256())
        .append("` (checked on every load)\n")
        .append("- encoder `")
        .append(m.encoderId())
        .append("` sha-256 `")
        .append(m.encoderSha256())
        .append("` (checked on every load)\n")
        .append("- Rebuild bit-identically with `charter model train --version ")
        .append(m.version())
        .append("`; `charter model verify --version ")
        .append(m.version())
        .append("` retrains and compares every hash above (same seed, one CPU thread,")
        .append(" `-Dai.djl.offline=true`).\n");
    return card.toString();
  }

  private static void renderCalibration(StringBuilder card, Calibration c) {
    card.append("\n## Calibration and abstention\n\n")
        .append("Fitted on the calibration split (phrasings the head never trained on):\n\n")
        .append("| figure | value |\n|---|---|\n")
        .append("| temperature (minimum NLL, grid 0.2..10) | ")
        .append(format(c.temperature()))
        .append(" |\n| confidence threshold (calibrated) | ")
        .append(format(c.confidenceThreshold()))
        .append(" |\n| OOD score: 1 − mean cosine to the ")
        .append(c.oodNeighbours())
        .append(" nearest of ")
        .append(c.oodBankRows())
        .append(" in-scope training embeddings; threshold | ")
        .append(format(c.oodThreshold()))
        .append(" |\n| target: confident wrong actions, share of in-scope tickets | ≤ ")
        .append(format(c.targetConfidentWrong()))
        .append(" (selected for ≤ ")
        .append(format(c.selectionConfidentWrong()))
        .append(" on calibration) |\n| ECE (10 bins), calibration split, before → after scaling | ")
        .append(format(c.calibrationEceBefore()))
        .append(" → ")
        .append(format(c.calibrationEce()))
        .append(" |\n| confident wrong actions, calibration split | ")
        .append(format(c.calibrationConfidentWrong()))
        .append(" |\n| `other` escalated, calibration split | ")
        .append(format(c.calibrationOtherEscalated()))
        .append(" |\n| ECE, held-out split | ")
        .append(format(c.heldOutEce()))
        .append(" |\n| confident wrong actions, held-out split | ")
        .append(format(c.heldOutConfidentWrong()))
        .append(" |\n| `other` escalated, held-out split | ")
        .append(format(c.heldOutOtherEscalated()))
        .append(" |\n| in-scope handled by the right plan without a human, held-out split | ")
        .append(format(c.heldOutAutomated()))
        .append(" |\n\nRule: `other` → escalate (fits no plan); an acting intent with OOD score")
        .append(" above the threshold → escalate (out of distribution); below the confidence")
        .append(" threshold → escalate (low confidence); `escalation` → its plan, the hand-over.")
        .append(" Figures on real tickets: `docs/models.md` (independent set).\n");
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static void writeJson(Path file, Object value) {
    try {
      write(file, (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise `" + file.getFileName() + "`", e);
    }
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write `" + file + "`", e);
    }
  }
}
