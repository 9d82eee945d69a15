package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auditor's view without Temporal: chain and checkpoints combined, first broken link first. */
class AuditTrailTest {

  @TempDir Path dir;
  private LedgerTestDatabase db;
  private AuditTrail trail;
  private LedgerCheckpoints checkpoints;
  private final LedgerSigningKey key = LedgerSigningKey.generate();

  @BeforeEach
  void open() {
    db = LedgerTestDatabase.h2(dir);
    checkpoints = new LedgerCheckpoints(db.dataSource(), Clock.systemUTC());
    trail = new AuditTrail(db.ledger(key), checkpoints, key.publicKey(), null);
  }

  @AfterEach
  void close() throws SQLException {
    db.drop();
  }

  @Test
  void should_verify_when_chain_and_checkpoints_agree() {
    db.ledger().append(AuditLedgerTest.events("ok", 1, 4));
    checkpoints.checkpoint(key);

    TrailVerification verification = trail.verify("ok", false);

    assertThat(verification.valid()).isTrue();
    assertThat(verification.firstBrokenLink()).isNull();
    assertThat(verification.history()).isNull();
    assertThat(verification.checkpoints().signedSeq()).isEqualTo(4);
  }

  @Test
  void should_name_the_chain_break_first_when_chain_and_checkpoint_both_break()
      throws SQLException {
    db.ledger().append(AuditLedgerTest.events("both", 1, 4));
    checkpoints.checkpoint(key);

    db.tamper("DELETE FROM audit_event WHERE task_id = 'both' AND seq IN (2, 4)");

    TrailVerification verification = trail.verify("both", false);
    assertThat(verification.valid()).isFalse();
    assertThat(verification.firstBrokenLink()).isEqualTo("gap: seq 2 missing");
    assertThat(verification.checkpoints().problem()).endsWith("the chain was truncated");
  }

  @Test
  void should_refuse_to_call_an_unknown_task_verified_when_history_is_not_checked() {
    assertThatThrownBy(() -> trail.verify("nobody", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task `nobody` has no ledger events");
  }

  @Test
  void should_refuse_a_receipt_when_the_chain_is_broken_before_its_seq() throws SQLException {
    db.ledger(key).append(AuditLedgerTest.events("broken", 1, 4));
    db.tamper("UPDATE audit_event SET payload = '{}' WHERE task_id = 'broken' AND seq = 2");

    assertThatThrownBy(() -> trail.receipt("broken", 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "task `broken`: no receipt for seq 3, the chain is broken at seq 2: hash mismatch");
    assertThat(trail.receipt("broken", 1)).isEqualTo(db.ledger().receipts("broken").get(1L));
    assertThat(DecisionReceipts.verify(trail.receipt("broken", 1), key.publicKey()).seq())
        .isEqualTo(1);
  }
}
