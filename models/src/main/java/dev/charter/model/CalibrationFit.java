package dev.charter.model;

import java.util.List;
import java.util.TreeSet;

/**
 * Fits calibration on a split the head never trained on: temperature scaling by minimum negative
 * log-likelihood over a fixed grid (deterministic, no optimiser state), expected calibration error,
 * and the confidence and OOD thresholds that let the model act as often as possible while keeping
 * confident wrong actions under a bound.
 */
final class CalibrationFit {

  /** Equal-width confidence bins of the expected calibration error. */
  static final int ECE_BINS = 10;

  private static final int GRID = 400;
  private static final double MIN_TEMPERATURE = 0.2;
  private static final double MAX_TEMPERATURE = 10.0;

  private CalibrationFit() {}

  /** Softmax of {@code logits / temperature}, row by row, in double precision. */
  static double[][] softmax(float[][] logits, double temperature) {
    double[][] out = new double[logits.length][];
    for (int r = 0; r < logits.length; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (float value : logits[r]) {
        max = Math.max(max, value / temperature);
      }
      double sum = 0;
      out[r] = new double[logits[r].length];
      for (int c = 0; c < logits[r].length; c++) {
        out[r][c] = Math.exp(logits[r][c] / temperature - max);
        sum += out[r][c];
      }
      for (int c = 0; c < out[r].length; c++) {
        out[r][c] /= sum;
      }
    }
    return out;
  }

  /** The grid temperature (log-spaced, 0.2..10) with the lowest negative log-likelihood. */
  static double temperature(float[][] logits, int[] truth) {
    double best = 1.0;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (int i = 0; i < GRID; i++) {
      double t =
          MIN_TEMPERATURE * Math.pow(MAX_TEMPERATURE / MIN_TEMPERATURE, i / (double) (GRID - 1));
      double[][] probabilities = softmax(logits, t);
      double loss = 0;
      for (int r = 0; r < truth.length; r++) {
        loss -= Math.log(Math.max(probabilities[r][truth[r]], 1e-12));
      }
      if (loss < bestLoss) {
        bestLoss = loss;
        best = t;
      }
    }
    return best;
  }

  /** Top-label expected calibration error over {@value #ECE_BINS} equal-width bins. */
  static double ece(double[][] probabilities, int[] truth) {
    double[] confidence = new double[ECE_BINS];
    double[] correct = new double[ECE_BINS];
    int[] count = new int[ECE_BINS];
    for (int r = 0; r < truth.length; r++) {
      int top = argMax(probabilities[r]);
      double p = probabilities[r][top];
      int bin = Math.min(ECE_BINS - 1, (int) (p * ECE_BINS));
      confidence[bin] += p;
      correct[bin] += top == truth[r] ? 1 : 0;
      count[bin]++;
    }
    double ece = 0;
    for (int b = 0; b < ECE_BINS; b++) {
      if (count[b] > 0) {
        ece += Math.abs(correct[b] - confidence[b]) / truth.length;
      }
    }
    return ece;
  }

  /** The chosen thresholds. */
  record Thresholds(double confidence, double ood) {}

  /**
   * Outcome rates of a threshold pair on labelled examples.
   *
   * @param confidentWrong acted on with the wrong plan, share of in-scope examples
   * @param otherEscalated {@code other} examples escalated, share of them
   * @param automated in-scope examples acted on with the right plan or rightly escalated (their
   *     intent is {@code escalation}), share of in-scope examples
   * @param otherActed {@code other} examples acted on, count
   * @param wrongActed in-scope examples acted on with the wrong plan, count
   */
  record Rates(
      double confidentWrong,
      double otherEscalated,
      double automated,
      int otherActed,
      int wrongActed) {}

  /** What {@code thresholds} do on examples with these probabilities, OOD scores and truths. */
  static Rates rates(
      double[][] probabilities,
      double[] ood,
      int[] truth,
      List<String> labels,
      Thresholds thresholds) {
    int inScope = 0;
    int other = 0;
    int otherEscalated = 0;
    int wrong = 0;
    int right = 0;
    for (int r = 0; r < truth.length; r++) {
      int top = argMax(probabilities[r]);
      Abstention abstention =
          Abstention.of(
              labels.get(top),
              probabilities[r][top],
              ood[r],
              thresholds.confidence(),
              thresholds.ood());
      Intent predicted = Intent.fromLabel(labels.get(top));
      boolean escalated = abstention != null || !predicted.acts();
      Intent expected = Intent.fromLabel(labels.get(truth[r]));
      if (expected == Intent.OTHER) {
        other++;
        otherEscalated += escalated ? 1 : 0;
      } else {
        inScope++;
        if (!escalated && predicted != expected) {
          wrong++;
        }
        if (escalated ? expected == Intent.ESCALATION : predicted == expected) {
          right++;
        }
      }
    }
    return new Rates(
        inScope == 0 ? 0 : (double) wrong / inScope,
        other == 0 ? 1 : (double) otherEscalated / other,
        inScope == 0 ? 0 : (double) right / inScope,
        other - otherEscalated,
        wrong);
  }

  /**
   * The thresholds that automate the most in-scope examples while confident wrong actions stay at
   * most {@code maxConfidentWrong} of in-scope examples and {@code other} examples acted on at most
   * {@code maxOtherActed} of them. Among equal choices the strictest (highest confidence, lowest
   * OOD threshold that keeps the same decisions) wins, which leaves room for shift.
   */
  static Thresholds select(
      double[][] probabilities,
      double[] ood,
      int[] truth,
      List<String> labels,
      double maxConfidentWrong,
      double maxOtherActed) {
    TreeSet<Double> confidences = new TreeSet<>();
    double[] sorted = ood.clone();
    java.util.Arrays.sort(sorted);
    // Percentiles of the OOD scores (and every score above the 90th) keep the search small.
    TreeSet<Double> distances = new TreeSet<>();
    for (int q = 0; q <= 100; q++) {
      distances.add(sorted[(int) Math.min(sorted.length - 1L, (long) q * sorted.length / 100)]);
    }
    for (int r = 0; r < truth.length; r++) {
      confidences.add(probabilities[r][argMax(probabilities[r])]);
      if (r >= sorted.length * 9 / 10) {
        distances.add(sorted[r]);
      }
    }
    int others = 0;
    for (int t : truth) {
      others += labels.get(t).equals(Intent.OTHER.label()) ? 1 : 0;
    }
    Thresholds best = new Thresholds(1.01, -1.0);
    double bestAutomated = -1;
    // Descending confidence, ascending distance: the first pair reaching a coverage is the
    // strictest one with it.
    for (double confidence : confidences.descendingSet()) {
      for (double distance : distances) {
        Thresholds candidate = new Thresholds(confidence, distance);
        Rates rates = rates(probabilities, ood, truth, labels, candidate);
        if (rates.confidentWrong() <= maxConfidentWrong
            && rates.otherActed() <= maxOtherActed * others
            && rates.automated() > bestAutomated) {
          bestAutomated = rates.automated();
          best = candidate;
        }
      }
    }
    return best;
  }

  static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
