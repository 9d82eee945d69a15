package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.activities.audit.LedgerWitness.StoredCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The witness file: append-only JSON Lines, caught up after missed runs, errors with file:line. */
class WitnessFileTest {

  private static final LedgerSigningKey KEY = LedgerSigningKey.generate();

  @TempDir Path dir;

  @Test
  void should_hand_over_every_checkpoint_it_lacks_when_a_run_was_missed() throws Exception {
    LedgerTestDatabase db = LedgerTestDatabase.h2(dir);
    try {
      LedgerCheckpoints checkpoints = new LedgerCheckpoints(db.dataSource(), Clock.systemUTC());
      WitnessFile witness = new WitnessFile(dir.resolve("w").resolve("checkpoints.jsonl"));
      db.ledger().append(AuditLedgerTest.events("a", 1, 2));
      checkpoints.checkpoint(KEY);
      db.ledger().append(AuditLedgerTest.events("a", 3, 1));
      checkpoints.checkpoint(KEY);

      assertThat(checkpoints.witness(witness)).isEqualTo(2);
      assertThat(checkpoints.witness(witness)).isZero();
      assertThat(new WitnessFile(witness.file()).checkpoints())
          .containsExactlyElementsOf(checkpoints.stored());
      assertThat(Files.readAllLines(witness.file()).get(0))
          .isEqualTo("{\"jws\":\"" + checkpoints.stored().get(0).jws() + "\",\"number\":1}");
    } finally {
      db.drop();
    }
  }

  @Test
  void should_name_file_and_line_of_a_line_that_is_no_checkpoint() throws Exception {
    WitnessFile witness = new WitnessFile(dir.resolve("w.jsonl"));
    witness.witness(new StoredCheckpoint(1, "a.b.c"));
    Files.writeString(witness.file(), "{\"number\":2}\n", java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(witness::checkpoints)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "witness file "
                + witness.file()
                + ":2: not a witnessed checkpoint: expected {\"jws\":\"…\",\"number\":n}");
  }

  @Test
  void should_read_a_missing_file_as_an_empty_witness() {
    assertThat(new WitnessFile(dir.resolve("absent.jsonl")).checkpoints()).isEmpty();
    assertThat(new WitnessFile(dir.resolve("absent.jsonl")).last()).isEmpty();
  }
}
