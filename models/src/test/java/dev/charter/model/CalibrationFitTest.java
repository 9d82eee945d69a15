package dev.charter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationFitTest {

  private static final List<String> LABELS = ModelVersion.V3.outputLabels();

  @Test
  void should_recover_the_temperature_when_labels_are_drawn_from_scaled_probabilities() {
    Random random = new Random(3);
    int n = 4000;
    float[][] logits = new float[n][LABELS.size()];
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < LABELS.size(); c++) {
        logits[i][c] = (float) (random.nextGaussian() * 6);
      }
      double[] p = CalibrationFit.softmax(new float[][] {logits[i]}, 3.0)[0];
      double u = random.nextDouble();
      int c = 0;
      while (c < p.length - 1 && u > p[c]) {
        u -= p[c++];
      }
      truth[i] = c;
    }

    double temperature = CalibrationFit.temperature(logits, truth);

    assertThat(temperature).isCloseTo(3.0, within(0.3));
    assertThat(CalibrationFit.ece(CalibrationFit.softmax(logits, temperature), truth))
        .isLessThan(CalibrationFit.ece(CalibrationFit.softmax(logits, 1.0), truth));
  }

  @Test
  void should_select_thresholds_that_keep_confident_wrong_actions_within_the_bound() {
    // refund right and sure; receipt wrong but sure: only a threshold above 0.8 avoids it.
    double[][] probabilities = {
      {0.02, 0.9, 0.02, 0.02, 0.02, 0.02},
      {0.02, 0.02, 0.8, 0.1, 0.03, 0.03},
      {0.02, 0.95, 0.01, 0.01, 0.005, 0.005}
    };
    int[] truth = {1, 3, 1};
    double[] ood = {0.1, 0.1, 0.1};

    CalibrationFit.Thresholds thresholds =
        CalibrationFit.select(probabilities, ood, truth, LABELS, 0.0, 0.0);
    CalibrationFit.Rates rates =
        CalibrationFit.rates(probabilities, ood, truth, LABELS, thresholds);

    assertThat(rates.wrongActed()).isZero();
    assertThat(rates.automated()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(thresholds.confidence()).isGreaterThan(0.8);
  }
}
