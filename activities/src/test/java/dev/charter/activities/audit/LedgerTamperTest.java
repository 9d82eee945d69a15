package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tamper suite (issue 12): each attack is run directly in the database as its owner, with the
 * append-only triggers lifted where they would stop it, and {@code verify} (chain, checkpoint
 * chain, witness file, stored receipts, keys pinned by the verifier) must name the place. The
 * worker itself writes through its own SELECT/INSERT-only user, which is refused UPDATE, DELETE and
 * TRUNCATE on every evidence table.
 */
class LedgerTamperTest {

  private static final String TASK = "refund-1";
  private static final LedgerSigningKey KEY = LedgerSigningKey.generate();

  @TempDir Path dir;
  private LedgerTestDatabase db;
  private WitnessFile witness;
  private LedgerCheckpoints checkpoints;

  @AfterEach
  void drop() throws SQLException {
    if (db != null) {
      db.drop();
    }
  }

  /**
   * A worker's ledger: six verdicts of {@link #TASK} appended through the worker user (receipts
   * stored with them), a signed checkpoint, handed to the witness file.
   */
  private void recordSixVerdicts(String database) {
    db = "H2".equals(database) ? LedgerTestDatabase.h2(dir) : LedgerTestDatabase.postgres();
    DataSource worker = db.worker();
    checkpoints = new LedgerCheckpoints(worker, Clock.systemUTC());
    checkpoints.keyRotations().record(KEY, List.of());
    new AuditLedger(worker, KEY).append(AuditLedgerTest.events(TASK, 1, 6));
    checkpoints.checkpoint(KEY).orElseThrow();
    witness = new WitnessFile(dir.resolve("witness").resolve("checkpoints.jsonl"));
    assertThat(checkpoints.witness(witness)).isEqualTo(1);
    assertThat(verify().valid()).as("the untouched ledger verifies").isTrue();
  }

  private TrailVerification verify() {
    return trail(witness).verify(TASK, false);
  }

  private AuditTrail trail(LedgerWitness against) {
    return new AuditTrail(
        db.ledger(),
        new LedgerCheckpoints(db.dataSource(), Clock.systemUTC()),
        TrustedKeys.of(KEY.publicKey()),
        against,
        null);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void should_refuse_truncate_update_and_delete_to_the_worker_user(String database)
      throws SQLException {
    recordSixVerdicts(database);
    for (String table : LedgerRoles.APPEND_ONLY) {
      for (String attack :
          List.of(
              "TRUNCATE TABLE " + table,
              "UPDATE " + table + " SET jws = jws",
              "DELETE FROM " + table)) {
        String sql = attack.replace("SET jws = jws", setSomething(table));
        try (Connection connection = db.worker().getConnection();
            Statement statement = connection.createStatement()) {
          assertThatThrownBy(() -> statement.execute(sql))
              .as("worker user: %s", sql)
              .isInstanceOf(SQLException.class);
        }
      }
    }
    assertThat(db.ledger().events(TASK)).hasSize(6);
    assertThat(verify().valid()).isTrue();
  }

  private static String setSomething(String table) {
    return switch (table) {
      case "audit_event", "audit_checkpoint_head" -> "SET hash = hash";
      default -> "SET jws = jws";
    };
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void should_name_the_seq_whose_payload_changed_by_one_byte(String database) throws SQLException {
    recordSixVerdicts(database);

    db.tamperAll("UPDATE audit_event SET payload = REPLACE(payload, 'p-1', 'p-7') WHERE seq = 3");

    assertThat(verify().firstBrokenLink()).isEqualTo("seq 3: hash mismatch");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void should_name_the_deleted_seq(String database) throws SQLException {
    recordSixVerdicts(database);

    db.tamperAll("DELETE FROM audit_event WHERE seq = 3");

    assertThat(verify().firstBrokenLink()).isEqualTo("gap: seq 3 missing");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void should_name_the_first_of_two_reordered_seqs(String database) throws SQLException {
    recordSixVerdicts(database);
    LedgerEntry two = db.ledger().events(TASK).get(1);
    LedgerEntry three = db.ledger().events(TASK).get(2);

    db.tamperAll(
        "UPDATE audit_event SET seq = 1000 WHERE seq = 2",
        "UPDATE audit_event SET seq = 2, prev_hash = '" + two.prevHash() + "' WHERE seq = 3",
        "UPDATE audit_event SET seq = 3, prev_hash = '" + three.prevHash() + "' WHERE seq = 1000");

    assertThat(verify().firstBrokenLink()).isEqualTo("seq 2: hash mismatch");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void should_name_the_signed_seq_when_the_tail_is_cut(String database) throws SQLException {
    recordSixVerdicts(database);

    db.tamperAll(
        "DELETE FROM audit_event WHERE seq >= 5", "DELETE FROM audit_receipt WHERE seq >= 5");

    TrailVerification verification = verify();
    assertThat(verification.chain().valid()).as("the shortened chain alone").isTrue();
    assertThat(verification.firstBrokenLink())
        .matches(
            "witnessed checkpoint 1 signed seq 6 \\(hash \\w{12}…\\), but the ledger ends at seq"
                + " 4: the chain was truncated");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void should_name_the_witnessed_seq_when_truncated_with_the_checkpoint_tables_emptied(
      String database) throws SQLException {
    recordSixVerdicts(database);

    db.tamperAll(
        "TRUNCATE TABLE audit_event",
        "TRUNCATE TABLE audit_receipt",
        "DELETE FROM audit_checkpoint_head",
        "DELETE FROM audit_checkpoint");
    db.ledger().append(AuditLedgerTest.events(TASK, 1, 4));

    assertThat(trail(null).verify(TASK, false).valid())
        .as("without the witness, nothing in the database contradicts the shorter chain")
        .isTrue();
    TrailVerification verification = verify();
    assertThat(verification.firstBrokenLink())
        .matches(
            "witnessed checkpoint 1 signed seq 6 \\(hash \\w{12}…\\), but the ledger ends at seq"
                + " 4: the chain was truncated");
    assertThat(verification.checkpoints().ledgerCheckpoints()).isZero();
    assertThat(verification.checkpoints().witnessed()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void should_name_the_signed_seq_when_the_chain_is_recomputed_consistently(String database)
      throws SQLException {
    recordSixVerdicts(database);

    db.tamperAll(rewriteFromSeq2());

    TrailVerification verification = verify();
    assertThat(verification.chain().valid()).as("the recomputed chain alone").isTrue();
    assertThat(verification.firstBrokenLink())
        .matches(
            "witnessed checkpoint 1 signed seq 6 with hash \\w{12}…, the ledger's seq 6 has hash"
                + " \\w{12}…: the chain was rewritten");
    assertThat(verification.receipts().problem())
        .matches(
            "receipt of seq 2: it signed hash \\w{12}…, the ledger's seq 2 has hash \\w{12}…: the"
                + " verdict or the chain before it was rewritten");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void should_catch_a_recomputed_chain_re_signed_by_the_worker_after_the_checkpoints_were_emptied(
      String database) throws SQLException {
    recordSixVerdicts(database);
    List<String> attack = new ArrayList<>(List.of(rewriteFromSeq2()));
    attack.add("DELETE FROM audit_receipt");
    attack.add("DELETE FROM audit_checkpoint_head");
    attack.add("DELETE FROM audit_checkpoint");
    db.tamperAll(attack.toArray(String[]::new));

    // The worker's next run signs the forged chain with the real key, as checkpoint 1 again.
    checkpoints.checkpoint(KEY).orElseThrow();
    assertThat(checkpoints.witness(witness)).as("the witness refuses the diverged ledger").isZero();

    assertThat(trail(null).verify(TASK, false).valid())
        .as("without the witness, the re-signed forgery verifies")
        .isTrue();
    assertThat(verify().firstBrokenLink())
        .matches(
            "witnessed checkpoint 1 signed seq 6 with hash \\w{12}…, the ledger's seq 6 has hash"
                + " \\w{12}…: the chain was rewritten");
    assertThat(verify().checkpoints().problem()).isEqualTo(verify().firstBrokenLink());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void should_name_the_seq_of_a_forged_receipt(String database) throws SQLException {
    recordSixVerdicts(database);
    LedgerSigningKey attacker = LedgerSigningKey.generate();
    String forged = DecisionReceipts.issue(db.ledger().events(TASK), TASK, 4, attacker);

    db.tamperAll(
        "DELETE FROM audit_receipt WHERE seq = 4",
        "INSERT INTO audit_receipt (task_id, seq, key_id, jws) VALUES ('"
            + TASK
            + "', 4, '"
            + attacker.keyId()
            + "', '"
            + forged
            + "')");

    assertThat(verify().firstBrokenLink())
        .isEqualTo(
            "receipt of seq 4: signed by key "
                + attacker.keyId()
                + ", which is not a trusted key ["
                + KEY.keyId()
                + "]: the receipt was forged or altered");
    assertThat(trail(witness).receipt(TASK, 4)).isEqualTo(forged);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void should_name_a_checkpoint_re_signed_over_a_forged_payload_in_the_ledger(String database)
      throws SQLException {
    recordSixVerdicts(database);
    String original = checkpoints.stored().get(0).jws();
    LedgerSigningKey attacker = LedgerSigningKey.generate();
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("number", 1);
    payload.put("prev", AuditLedger.GENESIS_HASH);
    payload.put("createdAt", "2026-11-29T00:00:00Z");
    payload.putArray("heads");
    String forged = Jws.sign(attacker, LedgerCheckpoints.TYP, payload);

    db.tamperAll(
        "DELETE FROM audit_checkpoint_head",
        "UPDATE audit_checkpoint SET jws = '" + forged + "' WHERE number = 1");

    assertThat(checkpoints.stored().get(0).jws()).isNotEqualTo(original);
    assertThat(verify().firstBrokenLink())
        .isEqualTo(
            "ledger: checkpoint 1: signed by key "
                + attacker.keyId()
                + ", which is not a trusted key ["
                + KEY.keyId()
                + "]");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void should_keep_verifying_across_a_key_rotation_the_old_key_endorsed(String database) {
    recordSixVerdicts(database);
    LedgerSigningKey next = LedgerSigningKey.generate();
    LedgerSigningKey unendorsed = LedgerSigningKey.generate();

    assertThat(checkpoints.keyRotations().record(next, List.of(KEY))).isTrue();
    new AuditLedger(db.worker(), next).append(AuditLedgerTest.events(TASK, 7, 2));
    checkpoints.checkpoint(next).orElseThrow();
    checkpoints.witness(witness);

    TrailVerification rotated = verify();
    assertThat(rotated.valid()).as(String.valueOf(rotated.firstBrokenLink())).isTrue();
    assertThat(rotated.checkpoints().checkpoints()).isEqualTo(2);
    assertThat(rotated.receipts().receipts()).isEqualTo(8);

    // A key the ledger records without the previous key's signature is not trusted by itself.
    assertThat(checkpoints.keyRotations().record(unendorsed, List.of())).isTrue();
    new AuditLedger(db.worker(), unendorsed).append(AuditLedgerTest.events(TASK, 9, 1));
    checkpoints.checkpoint(unendorsed).orElseThrow();
    assertThat(verify().firstBrokenLink())
        .startsWith("ledger: checkpoint 3: signed by key " + unendorsed.keyId() + ", which is not");
  }

  /** UPDATEs rewriting seq 2's payload and recomputing every hash after it. */
  private String[] rewriteFromSeq2() {
    List<String> updates = new ArrayList<>();
    String prev = AuditLedger.GENESIS_HASH;
    for (LedgerEntry entry : db.ledger().events(TASK)) {
      String payload =
          entry.seq() == 2 ? entry.payloadJson().replace("ALLOW", "DENY") : entry.payloadJson();
      String hash =
          AuditLedger.chainHash(
              prev,
              CanonicalForm.JCS.hashedContent(
                  TASK,
                  entry.seq(),
                  entry.type(),
                  entry.step(),
                  entry.workflowRunId(),
                  entry.origin(),
                  entry.schemaVersion(),
                  payload));
      updates.add(
          "UPDATE audit_event SET payload = '"
              + payload.replace("'", "''")
              + "', prev_hash = '"
              + prev
              + "', hash = '"
              + hash
              + "' WHERE task_id = '"
              + TASK
              + "' AND seq = "
              + entry.seq());
      prev = hash;
    }
    return updates.toArray(String[]::new);
  }
}
