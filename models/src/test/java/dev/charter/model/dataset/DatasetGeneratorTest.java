package dev.charter.model.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.model.Intent;
import dev.charter.model.Sha256;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetGeneratorTest {

  @Test
  void should_write_identical_bytes_when_generated_twice_with_same_seed(
      @TempDir Path first, @TempDir Path second) {
    DatasetLineage a = new DatasetGenerator(7L).generate().writeTo(first);
    DatasetLineage b = new DatasetGenerator(7L).generate().writeTo(second);

    assertThat(a).isEqualTo(b);
    for (String file :
        new String[] {
          GeneratedDataset.TRAIN_FILE, GeneratedDataset.HELD_OUT_FILE, GeneratedDataset.LINEAGE_FILE
        }) {
      assertThat(Sha256.ofFile(first.resolve(file)))
          .as(file)
          .isEqualTo(Sha256.ofFile(second.resolve(file)));
    }
  }

  @Test
  void should_record_each_file_sha_and_generator_in_lineage_when_written(@TempDir Path dir)
      throws Exception {
    DatasetLineage lineage = new DatasetGenerator(7L).generate().writeTo(dir);

    DatasetLineage read =
        new ObjectMapper()
            .readValue(dir.resolve(GeneratedDataset.LINEAGE_FILE).toFile(), DatasetLineage.class);
    assertThat(read).isEqualTo(lineage);
    assertThat(read.generator()).isEqualTo(DatasetGenerator.NAME);
    assertThat(read.generatorVersion()).isEqualTo(DatasetGenerator.VERSION);
    assertThat(read.seed()).isEqualTo(7L);
    assertThat(read.licence()).isEqualTo("Apache-2.0 (generated)");
    assertThat(read.files().get(GeneratedDataset.TRAIN_FILE).sha256())
        .isEqualTo(Sha256.ofFile(dir.resolve(GeneratedDataset.TRAIN_FILE)));
    assertThat(read.files().get(GeneratedDataset.HELD_OUT_FILE).sha256())
        .isEqualTo(Sha256.ofFile(dir.resolve(GeneratedDataset.HELD_OUT_FILE)));
  }

  @Test
  void should_produce_different_data_when_seed_differs() {
    GeneratedDataset a = new DatasetGenerator(1L).generate();
    GeneratedDataset b = new DatasetGenerator(2L).generate();

    assertThat(a.train()).isNotEqualTo(b.train());
  }

  @Test
  void should_split_every_intent_eighty_twenty_without_overlap_when_generated() {
    GeneratedDataset dataset = new DatasetGenerator(42L).generate();

    Map<String, Long> train = countByIntent(dataset, GeneratedDataset::train);
    Map<String, Long> heldOut = countByIntent(dataset, GeneratedDataset::heldOut);
    for (String label : Intent.labels()) {
      assertThat(train.get(label)).as(label).isEqualTo(64L);
      assertThat(heldOut.get(label)).as(label).isEqualTo(16L);
    }
    assertThat(dataset.train()).doesNotContainAnyElementsOf(dataset.heldOut());
  }

  @Test
  void should_carry_redaction_tokens_and_no_raw_contact_data_when_generated() {
    GeneratedDataset dataset = new DatasetGenerator(42L).generate();

    assertThat(dataset.train())
        .anyMatch(e -> e.text().contains("<email:1>"))
        .anyMatch(e -> e.text().contains("<phone:1>"))
        .noneMatch(e -> e.text().matches(".*[\\w.]+@[\\w.]+\\.\\w+.*"));
  }

  private static Map<String, Long> countByIntent(
      GeneratedDataset dataset, Function<GeneratedDataset, java.util.List<LabeledExample>> split) {
    return split.apply(dataset).stream()
        .collect(Collectors.groupingBy(LabeledExample::intent, Collectors.counting()));
  }
}
