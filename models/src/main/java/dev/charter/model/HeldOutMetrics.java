package dev.charter.model;

import dev.charter.model.dataset.LabeledExample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quality on the held-out split, per class: recall (the share of a class's examples predicted as
 * it), precision (the share of predictions of a class that are right) and support.
 */
record HeldOutMetrics(
    double accuracy,
    Map<String, Double> recall,
    Map<String, Double> precision,
    Map<String, Integer> support) {

  static HeldOutMetrics of(
      List<LabeledExample> examples, float[][] probabilities, List<String> labels) {
    int classes = labels.size();
    int[] seen = new int[classes];
    int[] predicted = new int[classes];
    int[] right = new int[classes];
    for (int i = 0; i < examples.size(); i++) {
      int expected = labels.indexOf(examples.get(i).intent());
      int guess = IntentTrainer.argMax(probabilities[i]);
      seen[expected]++;
      predicted[guess]++;
      if (guess == expected) {
        right[expected]++;
      }
    }
    Map<String, Double> recall = new LinkedHashMap<>();
    Map<String, Double> precision = new LinkedHashMap<>();
    Map<String, Integer> support = new LinkedHashMap<>();
    int correct = 0;
    for (int c = 0; c < classes; c++) {
      recall.put(labels.get(c), seen[c] == 0 ? 0.0 : (double) right[c] / seen[c]);
      precision.put(labels.get(c), predicted[c] == 0 ? 0.0 : (double) right[c] / predicted[c]);
      support.put(labels.get(c), seen[c]);
      correct += right[c];
    }
    double accuracy = examples.isEmpty() ? 0.0 : (double) correct / examples.size();
    return new HeldOutMetrics(accuracy, recall, precision, support);
  }
}
