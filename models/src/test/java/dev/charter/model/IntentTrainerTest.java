package dev.charter.model;

import static org.assertj.core.api.Assertions.assertThat;

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
    a = new IntentTrainer(FEW_EPOCHS, encoder).train(first);
    b = new IntentTrainer(FEW_EPOCHS, encoder).train(second);
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
    assertThat(manifest.labels()).containsExactlyElementsOf(Intent.labels());
    assertThat(manifest.epochs()).isEqualTo(3);
    assertThat(manifest.encoderId()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(manifest.encoderSha256()).hasSize(64);
    assertThat(manifest.lineageSha256())
        .isEqualTo(Sha256.ofFile(dir.resolve(GeneratedDataset.LINEAGE_FILE)));
    assertThat(manifest.heldOutAccuracyPerClass()).containsOnlyKeys(Intent.labels());
    assertThat(Files.readString(dir.resolve(IntentTrainer.MODEL_CARD_FILE)))
        .contains("## Intended use", "## Data lineage", "## Held-out metrics", "## Known limits")
        .contains(card.weightsSha256(), card.encoderSha256());
  }
}
