package dev.charter.model.dataset;

import static dev.charter.model.ModelVersion.V1;
import static dev.charter.model.ModelVersion.V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.model.ModelVersion;
import dev.charter.model.Sha256;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetGeneratorTest {

  @Test
  void should_write_identical_bytes_when_generated_twice_with_same_seed(
      @TempDir Path first, @TempDir Path second) {
    DatasetLineage a = new DatasetGenerator(7L, V1.recipe()).generate().writeTo(first);
    DatasetLineage b = new DatasetGenerator(7L, V1.recipe()).generate().writeTo(second);

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
    DatasetLineage lineage = new DatasetGenerator(7L, V1.recipe()).generate().writeTo(dir);

    DatasetLineage read =
        new ObjectMapper()
            .readValue(dir.resolve(GeneratedDataset.LINEAGE_FILE).toFile(), DatasetLineage.class);
    assertThat(read).isEqualTo(lineage);
    assertThat(read.generator()).isEqualTo(DatasetGenerator.NAME);
    assertThat(read.generatorVersion()).isEqualTo(DatasetGenerator.VERSION);
    assertThat(read.seed()).isEqualTo(7L);
    assertThat(read.licence()).isEqualTo("Apache-2.0");
    assertThat(read.datasetVersion()).isEqualTo("v1");
    assertThat(read.sources()).containsOnlyKeys(DatasetGenerator.TEMPLATES_SOURCE);
    assertThat(read.files().get(GeneratedDataset.TRAIN_FILE).sha256())
        .isEqualTo(Sha256.ofFile(dir.resolve(GeneratedDataset.TRAIN_FILE)));
    assertThat(read.files().get(GeneratedDataset.HELD_OUT_FILE).sha256())
        .isEqualTo(Sha256.ofFile(dir.resolve(GeneratedDataset.HELD_OUT_FILE)));
  }

  @Test
  void should_produce_different_data_when_seed_differs() {
    GeneratedDataset a = new DatasetGenerator(1L, V1.recipe()).generate();
    GeneratedDataset b = new DatasetGenerator(2L, V1.recipe()).generate();

    assertThat(a.train()).isNotEqualTo(b.train());
  }

  @Test
  void should_hold_out_only_lines_of_templates_that_training_never_uses_when_generated() {
    GeneratedDataset dataset = new DatasetGenerator(42L, V2.recipe()).generate();

    Set<String> trainTemplates = sources(dataset.train());
    Set<String> heldOutTemplates = sources(dataset.heldOut());
    assertThat(heldOutTemplates).isNotEmpty().doesNotContainAnyElementsOf(trainTemplates);
    assertThat(heldOutTemplates)
        .allMatch(source -> source.startsWith(DatasetGenerator.TEMPLATES_SOURCE + ":"));
    assertThat(dataset.train())
        .extracting(LabeledExample::text)
        .doesNotContainAnyElementsOf(dataset.heldOut().stream().map(LabeledExample::text).toList());
    Map<String, Long> heldOut = countByIntent(dataset, GeneratedDataset::heldOut);
    for (String label : ModelVersion.V1.outputLabels()) {
      assertThat(heldOut.get(label)).as(label).isEqualTo(24L);
    }
  }

  @Test
  void should_score_every_version_on_the_same_held_out_split_when_recipes_differ() {
    GeneratedDataset v1 = new DatasetGenerator(42L, V1.recipe()).generate();
    GeneratedDataset v2 = new DatasetGenerator(42L, V2.recipe()).generate();

    assertThat(v2.heldOut()).isEqualTo(v1.heldOut());
    assertThat(countByIntent(v1, GeneratedDataset::train))
        .allSatisfy((label, n) -> assertThat(n).isEqualTo(64L));
    assertThat(v2.train()).hasSize(5 * 160 + curatedLines());
  }

  @Test
  void should_record_curated_paraphrases_with_their_sha_in_lineage_when_recipe_asks_for_them(
      @TempDir Path dir) throws Exception {
    DatasetLineage lineage = new DatasetGenerator(42L, V2.recipe()).generate().writeTo(dir);

    DatasetLineage.Source curated = lineage.sources().get(DatasetGenerator.CURATED_SOURCE);
    byte[] file;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(DatasetGenerator.CURATED_RESOURCE)) {
      file = in.readAllBytes();
    }
    assertThat(curated.kind()).isEqualTo("curated");
    assertThat(curated.sha256()).isEqualTo(Sha256.hex(file));
    assertThat(lineage.files().get(GeneratedDataset.TRAIN_FILE).sources())
        .containsEntry(DatasetGenerator.CURATED_SOURCE, curatedLines())
        .containsEntry(DatasetGenerator.TEMPLATES_SOURCE, 5 * 160);
    assertThat(lineage.files().get(GeneratedDataset.HELD_OUT_FILE).sources())
        .containsOnlyKeys(DatasetGenerator.TEMPLATES_SOURCE);
    assertThat(lineage.sources().get(DatasetGenerator.TEMPLATES_SOURCE).heldOutTemplates())
        .contains("refund/04", "escalation/14")
        .doesNotContain("refund/03");
  }

  @Test
  void should_name_the_line_when_a_curated_line_has_an_unknown_intent() {
    assertThatThrownBy(() -> CuratedParaphrases.load("bad-curated.jsonl"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("`complaint`");
  }

  @Test
  void should_carry_redaction_tokens_and_no_raw_contact_data_when_generated() {
    GeneratedDataset dataset = new DatasetGenerator(42L, V1.recipe()).generate();

    assertThat(dataset.train())
        .anyMatch(e -> e.text().contains("<email:1>"))
        .anyMatch(e -> e.text().contains("<phone:1>"))
        .noneMatch(e -> e.text().matches(".*[\\w.]+@[\\w.]+\\.\\w+.*"));
  }

  private static int curatedLines() {
    return CuratedParaphrases.load(DatasetGenerator.CURATED_RESOURCE).examples().size();
  }

  private static Set<String> sources(List<LabeledExample> examples) {
    return examples.stream().map(LabeledExample::source).collect(Collectors.toSet());
  }

  private static Map<String, Long> countByIntent(
      GeneratedDataset dataset, Function<GeneratedDataset, List<LabeledExample>> split) {
    return split.apply(dataset).stream()
        .collect(Collectors.groupingBy(LabeledExample::intent, Collectors.counting()));
  }
}
