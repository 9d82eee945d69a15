package dev.charter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped v3: calibrated, with an {@code other} outcome and an OOD score. */
class CalibratedIntentModelTest {

  private static IntentModel v3;

  @BeforeAll
  static void load() {
    v3 = IntentModel.load(ModelVersion.V3);
  }

  @AfterAll
  static void close() {
    v3.close();
  }

  @Test
  void should_carry_temperature_thresholds_and_calibration_error_in_its_card() {
    Calibration calibration = v3.card().calibration();

    assertThat(v3.card().labels()).containsExactlyElementsOf(Intent.labels());
    assertThat(calibration).isNotNull();
    assertThat(calibration.temperature()).isPositive();
    assertThat(calibration.confidenceThreshold()).isBetween(0.0, 1.0);
    assertThat(calibration.oodThreshold()).isBetween(0.0, 2.0);
    assertThat(calibration.calibrationEce()).isLessThan(calibration.calibrationEceBefore());
    assertThat(calibration.calibrationConfidentWrong())
        .isLessThanOrEqualTo(calibration.selectionConfidentWrong());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "What is your refund policy?",
        "Please change my email address on my account, I have a new one.",
        "Wo ist meine Bestellung 1001? Sie ist noch nicht da.",
        "Do you sell garden furniture?"
      })
  void should_abstain_when_ticket_fits_no_plan(String ticket) {
    IntentPrediction prediction = v3.predict(ticket);

    assertThat(prediction.abstention()).as(prediction.toString()).isNotNull();
    assertThat(prediction.oodScore()).isNotNull();
  }

  @Test
  void should_act_with_calibrated_confidence_when_request_is_clear() {
    IntentPrediction prediction =
        v3.predict("The blender arrived broken, please refund order 1002.");

    assertThat(prediction.intent()).isEqualTo("refund");
    assertThat(prediction.abstention()).isNull();
    assertThat(prediction.confidence())
        .isGreaterThanOrEqualTo(v3.card().calibration().confidenceThreshold());
  }

  @Test
  void should_refuse_to_load_when_the_ood_bank_was_altered(@TempDir Path dir) throws Exception {
    ClassLoader loader = IntentModel.class.getClassLoader();
    for (String name :
        List.of("model.json", IntentTrainer.WEIGHTS_FILE, IntentTrainer.OOD_BANK_FILE)) {
      try (InputStream in = loader.getResourceAsStream(ModelVersion.V3.resourceDir() + name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    byte[] bank = Files.readAllBytes(dir.resolve(IntentTrainer.OOD_BANK_FILE));
    bank[0] ^= 0x01;
    Files.write(dir.resolve(IntentTrainer.OOD_BANK_FILE), bank);

    assertThatThrownBy(() -> IntentModel.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(v3.card().calibration().oodBankSha256())
        .hasMessageContaining(Sha256.hex(bank));
  }
}
