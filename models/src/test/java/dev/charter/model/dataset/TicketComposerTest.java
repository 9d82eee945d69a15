package dev.charter.model.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.model.Intent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketComposerTest {

  @Test
  void should_write_identical_bytes_when_composed_twice_with_the_same_seed(
      @TempDir Path first, @TempDir Path second) throws Exception {
    DatasetLineage a = new TicketComposer(11L).generate().writeTo(first);
    DatasetLineage b = new TicketComposer(11L).generate().writeTo(second);

    assertThat(a).isEqualTo(b);
    assertThat(a.files())
        .containsKeys(
            GeneratedDataset.TRAIN_FILE,
            GeneratedDataset.CALIBRATION_FILE,
            GeneratedDataset.HELD_OUT_FILE);
    assertThat(Files.readString(first.resolve(GeneratedDataset.CALIBRATION_FILE)))
        .isEqualTo(Files.readString(second.resolve(GeneratedDataset.CALIBRATION_FILE)));
  }

  @Test
  void should_keep_calibration_and_held_out_texts_out_of_training_when_composed() {
    GeneratedDataset dataset = new TicketComposer(11L).generate();
    Set<String> train = new HashSet<>(dataset.train().stream().map(LabeledExample::text).toList());

    assertThat(dataset.calibration())
        .extracting(LabeledExample::text)
        .doesNotContainAnyElementsOf(train);
    assertThat(dataset.heldOut())
        .extracting(LabeledExample::text)
        .doesNotContainAnyElementsOf(train);
    assertThat(dataset.train()).allMatch(e -> e.source().endsWith("/train"));
    assertThat(dataset.calibration()).allMatch(e -> e.source().endsWith("/calibration"));
    assertThat(dataset.heldOut()).allMatch(e -> e.source().endsWith("/held_out"));
  }

  @Test
  void should_give_each_split_its_own_phrases_when_phrase_lists_are_split() {
    List<String> asks = TicketPhrasebook.ASKS.get("refund");

    List<String> train = TicketComposer.phrasesOf(asks, TicketComposer.Split.TRAIN);
    List<String> calibration = TicketComposer.phrasesOf(asks, TicketComposer.Split.CALIBRATION);
    List<String> heldOut = TicketComposer.phrasesOf(asks, TicketComposer.Split.HELD_OUT);

    assertThat(train).doesNotContainAnyElementsOf(calibration).doesNotContainAnyElementsOf(heldOut);
    assertThat(calibration).doesNotContainAnyElementsOf(heldOut);
    assertThat(train.size() + calibration.size() + heldOut.size()).isEqualTo(asks.size());
  }

  @Test
  void should_cover_every_outcome_and_every_negative_kind_when_composed() {
    GeneratedDataset dataset = new TicketComposer(11L).generate();

    assertThat(dataset.train()).extracting(LabeledExample::intent).containsAll(Intent.labels());
    assertThat(dataset.train())
        .filteredOn(e -> e.intent().equals("other"))
        .extracting(e -> e.source().split("/")[1])
        .contains("policy", "invoice_question", "edit_data", "complaint", "multi", "non_english");
  }
}
