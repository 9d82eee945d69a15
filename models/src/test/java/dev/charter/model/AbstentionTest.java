package dev.charter.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AbstentionTest {

  @Test
  void should_abstain_as_other_whatever_the_confidence_when_label_is_other() {
    assertThat(Abstention.of("other", 0.99, 0.0, 0.6, 0.4)).isEqualTo(Abstention.OTHER);
  }

  @Test
  void should_never_abstain_when_label_is_escalation_because_its_plan_is_the_hand_over() {
    assertThat(Abstention.of("escalation", 0.1, 0.9, 0.6, 0.4)).isNull();
  }

  @Test
  void should_abstain_as_out_of_distribution_when_score_is_above_threshold() {
    assertThat(Abstention.of("refund", 0.99, 0.41, 0.6, 0.4))
        .isEqualTo(Abstention.OUT_OF_DISTRIBUTION);
  }

  @Test
  void should_abstain_for_low_confidence_below_threshold_and_act_at_it() {
    assertThat(Abstention.of("receipt", 0.59, 0.1, 0.6, 0.4)).isEqualTo(Abstention.LOW_CONFIDENCE);
    assertThat(Abstention.of("receipt", 0.6, 0.4, 0.6, 0.4)).isNull();
  }

  @Test
  void should_ignore_a_missing_ood_score_when_model_has_none() {
    assertThat(new IntentPrediction("refund", 0.7, null).abstention()).isNull();
    assertThat(new IntentPrediction("refund", 0.4, null).abstention())
        .isEqualTo(Abstention.LOW_CONFIDENCE);
  }
}
