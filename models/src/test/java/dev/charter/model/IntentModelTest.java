package dev.charter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs against the model the build trained into target/classes at process-classes. */
class IntentModelTest {

  private static IntentModel model;

  @BeforeAll
  static void load() {
    model = IntentModel.load(ModelVersion.V1);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Where is my order 1001? It has not arrived yet.|order_status",
        "The blender arrived broken, please refund order 1002.|refund",
        "Please refund the 250 euros for order 1003, the item never worked.|refund",
        "Can you resend the receipt for order 1004 to my email?|receipt",
        "Under GDPR I want a copy of all the data you hold about me.|data_export",
        "This is the third time I write. I want to speak to a manager now.|escalation"
      })
  void should_predict_demo_intent_when_given_demo_ticket(String ticket, String intent) {
    IntentPrediction prediction = model.predict(ticket);

    assertThat(prediction.intent()).isEqualTo(intent);
    assertThat(prediction.confidence()).isEqualTo(prediction.probabilities().get(intent));
  }

  @Test
  void should_return_probabilities_over_all_labels_summing_to_one_when_predicting() {
    IntentPrediction prediction = model.predict("Where is my parcel <email:1>?");

    assertThat(prediction.probabilities()).containsOnlyKeys(ModelVersion.V1.outputLabels());
    assertThat(prediction.probabilities().values().stream().mapToDouble(d -> d).sum())
        .isCloseTo(1.0, within(1e-4));
  }

  @Test
  void should_report_held_out_accuracy_of_at_least_ninety_percent_when_reading_model_json()
      throws Exception {
    JsonNode manifest;
    try (InputStream in =
        IntentModel.class
            .getClassLoader()
            .getResourceAsStream(ModelVersion.V1.resourceDir() + "model.json")) {
      manifest = new ObjectMapper().readTree(in);
    }

    assertThat(manifest.get("heldOutAccuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
    assertThat(model.card().heldOutAccuracy())
        .isEqualTo(manifest.get("heldOutAccuracy").asDouble());
    assertThat(model.card().weightsSha256()).isEqualTo(manifest.get("weightsSha256").asText());
    assertThat(model.card().labels()).containsExactlyElementsOf(ModelVersion.V1.outputLabels());
  }

  @Test
  void should_load_each_shipped_version_with_its_own_card_when_asked_by_name() {
    try (IntentModel v2 = IntentModel.load("v2")) {
      assertThat(v2.card().version()).isEqualTo("v2");
      assertThat(v2.card().weightsSha256()).isNotEqualTo(model.card().weightsSha256());
      assertThat(v2.card().heldOutAccuracy()).isGreaterThanOrEqualTo(0.85);
      assertThat(v2.predict("Please refund order 1002, the kettle is broken.").intent())
          .isEqualTo("refund");
    }
    assertThat(model.card().version()).isEqualTo("v1");
  }

  @Test
  void should_name_the_known_versions_when_asked_for_an_unknown_one() {
    assertThatThrownBy(() -> IntentModel.load("v9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("`v9`")
        .hasMessageContaining("[v1, v2, v3]");
  }

  @Test
  void should_give_same_answers_when_called_from_several_threads() throws Exception {
    List<String> tickets =
        List.of(
            "Where is my order 1001? It has not arrived yet.",
            "Can you resend the receipt for order 1004 to my email?",
            "I want to speak to a manager now.");
    List<IntentPrediction> expected = tickets.stream().map(model::predict).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<IntentPrediction>> futures =
          IntStream.range(0, 24)
              .mapToObj(i -> pool.submit(() -> model.predict(tickets.get(i % tickets.size()))))
              .toList();
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get()).isEqualTo(expected.get(i % tickets.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void should_refuse_to_load_and_name_both_hashes_when_weights_were_altered(@TempDir Path dir)
      throws Exception {
    ClassLoader loader = IntentModel.class.getClassLoader();
    for (String name : List.of("model.json", IntentTrainer.WEIGHTS_FILE)) {
      try (InputStream in = loader.getResourceAsStream(ModelVersion.V1.resourceDir() + name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    byte[] weights = Files.readAllBytes(dir.resolve(IntentTrainer.WEIGHTS_FILE));
    weights[weights.length - 1] ^= 0x01;
    Files.write(dir.resolve(IntentTrainer.WEIGHTS_FILE), weights);

    assertThatThrownBy(() -> IntentModel.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(model.card().weightsSha256())
        .hasMessageContaining(Sha256.hex(weights));
  }
}
