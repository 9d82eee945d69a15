package dev.charter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.model.dataset.GeneratedDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentTrainerTest {

  private static final IntentTrainer.Settings FEW_EPOCHS =
      IntentTrainer.Settings.defaults().withEpochs(3);

  @TempDir static Path first;
  @TempDir static Path second;
  private static ModelCard a;
  private static ModelCard b;

  /** Two trainings in one JVM, shared by the tests to keep the module's suite fast. */
  @BeforeAll
  static void trainTwice() {
    SentenceEncoder encoder = new SentenceEncoder();
    a = new IntentTrainer(ModelVersion.V1, FEW_EPOCHS, encoder).train(first);
    b = new IntentTrainer(ModelVersion.V1, FEW_EPOCHS, encoder).train(second);
  }

  @Test
  void should_write_bit_identical_weights_when_trained_twice_with_same_seed() {
    assertThat(a.weightsSha256()).isEqualTo(b.weightsSha256());
    assertThat(Sha256.ofFile(first.resolve(IntentTrainer.WEIGHTS_FILE)))
        .isEqualTo(a.weightsSha256())
        .isEqualTo(Sha256.ofFile(second.resolve(IntentTrainer.WEIGHTS_FILE)));
  }

  @Test
  void should_write_manifest_card_and_lineage_that_describe_the_weights_when_trained()
      throws Exception {
    Path dir = first;
    ModelCard card = a;

    ModelManifest manifest =
        new ObjectMapper().readValue(dir.resolve(ModelManifest.FILE).toFile(), ModelManifest.class);
    assertThat(manifest.card()).isEqualTo(card);
    assertThat(manifest.modelId()).isEqualTo("charter-intent");
    assertThat(manifest.version()).isEqualTo("v1");
    assertThat(manifest.labels()).containsExactlyElementsOf(ModelVersion.V1.outputLabels());
    assertThat(manifest.epochs()).isEqualTo(3);
    assertThat(manifest.encoderId()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(manifest.encoderSha256()).hasSize(64);
    assertThat(manifest.lineageSha256())
        .isEqualTo(Sha256.ofFile(dir.resolve(GeneratedDataset.LINEAGE_FILE)));
    assertThat(manifest.heldOutAccuracyPerClass()).containsOnlyKeys(ModelVersion.V1.outputLabels());
    assertThat(manifest.heldOutPrecisionPerClass())
        .containsOnlyKeys(ModelVersion.V1.outputLabels());
    assertThat(manifest.heldOutExamplesPerClass()).containsOnlyKeys(ModelVersion.V1.outputLabels());
    String markdown = Files.readString(dir.resolve(IntentTrainer.MODEL_CARD_FILE));
    assertThat(markdown)
        .contains("## Intended use", "## Data lineage", "## Held-out metrics", "## Known limits")
        .contains("| intent | held-out examples | precision | recall")
        .contains("template-disjoint")
        .contains(card.weightsSha256(), card.encoderSha256(), manifest.lineageSha256());
    for (String label : ModelVersion.V1.outputLabels()) {
      assertThat(markdown)
          .contains(
              String.format(
                  java.util.Locale.ROOT,
                  "| `%s` | %d | %.4f | %.4f |",
                  label,
                  manifest.heldOutExamplesPerClass().get(label),
                  manifest.heldOutPrecisionPerClass().get(label),
                  manifest.heldOutAccuracyPerClass().get(label)));
    }
  }

  @Test
  void should_match_every_hash_when_verifying_a_model_trained_from_the_same_code(
      @TempDir Path work) {
    ModelVerification verification =
        ModelVerification.ofDirectory(ModelVersion.V1, first, work.resolve("retrained"));

    assertThat(verification.matches()).isTrue();
    assertThat(verification.checks())
        .extracting(ModelVerification.Check::artefact)
        .contains(
            IntentTrainer.WEIGHTS_FILE,
            GeneratedDataset.LINEAGE_FILE,
            GeneratedDataset.TRAIN_FILE,
            GeneratedDataset.HELD_OUT_FILE);
  }

  @Test
  void should_report_both_hashes_when_recorded_weights_hash_differs(@TempDir Path shipped)
      throws Exception {
    for (String name :
        new String[] {
          ModelManifest.FILE, GeneratedDataset.LINEAGE_FILE, IntentTrainer.WEIGHTS_FILE
        }) {
      Files.copy(first.resolve(name), shipped.resolve(name));
    }
    String forged = "0".repeat(64);
    Path manifest = shipped.resolve(ModelManifest.FILE);
    Files.writeString(manifest, Files.readString(manifest).replace(a.weightsSha256(), forged));

    ModelVerification verification =
        ModelVerification.ofDirectory(ModelVersion.V1, shipped, shipped.resolve("retrained"));

    assertThat(verification.matches()).isFalse();
    assertThat(verification.checks())
        .filteredOn(check -> !check.matches())
        .containsExactly(
            new ModelVerification.Check(IntentTrainer.WEIGHTS_FILE, forged, a.weightsSha256()));
  }

  @Test
  void should_leave_no_file_of_an_earlier_run_when_trained_fresh(@TempDir Path dir)
      throws Exception {
    Path model = dir.resolve("intent-v1");
    Files.createDirectories(model);
    Files.copy(first.resolve(ModelManifest.FILE), model.resolve(ModelManifest.FILE));
    Files.writeString(model.resolve("stale.txt"), "from an earlier run");

    ModelCard card = new IntentTrainer(ModelVersion.V1, FEW_EPOCHS).trainFresh(model);

    assertThat(card.weightsSha256()).isEqualTo(a.weightsSha256());
    assertThat(model.resolve("stale.txt")).doesNotExist();
    assertThat(Sha256.ofFile(model.resolve(IntentTrainer.WEIGHTS_FILE)))
        .isEqualTo(a.weightsSha256());
    try (var siblings = Files.list(dir)) {
      assertThat(siblings).containsExactly(model);
    }
  }

  @Test
  void should_refuse_and_touch_nothing_when_output_is_a_directory_of_other_files(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "not a model");

    assertThatThrownBy(() -> new IntentTrainer(ModelVersion.V1, FEW_EPOCHS).trainFresh(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not a model directory");
    assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("not a model");
  }
}
