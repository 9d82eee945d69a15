package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.TaskState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signed checkpoints and decision receipts on H2 and PostgreSQL: the tampering a valid hash chain
 * cannot show (a truncated tail, a consistently rewritten chain) is caught by the signed heads.
 */
class LedgerCheckpointsTest {

  @TempDir static Path dir;

  private static LedgerTestDatabase h2;
  private static LedgerTestDatabase postgres;
  private static final LedgerSigningKey KEY = LedgerSigningKey.generate();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

  @BeforeAll
  static void openDatabases() {
    h2 = LedgerTestDatabase.h2(dir);
    postgres = LedgerTestDatabase.postgres();
  }

  @AfterAll
  static void closeDatabases() throws SQLException {
    h2.drop();
    postgres.drop();
  }

  static Stream<LedgerTestDatabase> databases() {
    return Stream.of(h2, postgres);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_sign_only_the_heads_that_grew_since_the_last_checkpoint(LedgerTestDatabase db) {
    AuditLedger ledger = db.ledger();
    LedgerCheckpoints checkpoints = new LedgerCheckpoints(db.dataSource(), CLOCK);
    String a = taskId("grow-a");
    String b = taskId("grow-b");
    ledger.append(AuditLedgerTest.events(a, 1, 3));
    ledger.append(AuditLedgerTest.events(b, 1, 2));
    checkpoints.checkpoint(KEY);

    ledger.append(AuditLedgerTest.events(a, 4, 2));
    LedgerCheckpoints.Checkpoint next = checkpoints.checkpoint(KEY).orElseThrow();

    assertThat(next.heads()).extracting(LedgerCheckpoints.Head::taskId).containsExactly(a);
    assertThat(next.heads().get(0).seq()).isEqualTo(5);
    JsonNode signed = Jws.verify(next.jws(), KEY.publicKey());
    assertThat(signed.path("number").asLong()).isEqualTo(next.number());
    assertThat(checkpoints.checkpoint(KEY)).isEmpty();
    LedgerCheckpoints.CheckpointVerification verification =
        checkpoints.verify(a, ledger.events(a), KEY.publicKey());
    assertThat(verification.valid()).isTrue();
    assertThat(verification.checkpoints()).isEqualTo(2);
    assertThat(verification.signedSeq()).isEqualTo(5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_name_the_reordered_seq_when_two_events_swap_places(LedgerTestDatabase db)
      throws SQLException {
    AuditLedger ledger = db.ledger();
    String task = taskId("reorder");
    ledger.append(AuditLedgerTest.events(task, 1, 5));

    // Swap the content of seq 2 and 3 (type, step, payload, hashes), as an admin reordering rows.
    LedgerEntry two = ledger.events(task).get(1);
    LedgerEntry three = ledger.events(task).get(2);
    db.tamper(swap(task, 2, three), swap(task, 3, two));

    ChainVerification verification = ledger.verify(task);
    assertThat(verification.valid()).isFalse();
    assertThat(verification.firstBrokenSeq()).isEqualTo(2L);
    assertThat(verification.problem()).isEqualTo("seq 2: hash mismatch");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_name_the_signed_seq_when_the_tail_is_truncated(LedgerTestDatabase db)
      throws SQLException {
    AuditLedger ledger = db.ledger();
    LedgerCheckpoints checkpoints = new LedgerCheckpoints(db.dataSource(), CLOCK);
    String task = taskId("truncate");
    ledger.append(AuditLedgerTest.events(task, 1, 6));
    long number = checkpoints.checkpoint(KEY).orElseThrow().number();

    db.tamper("DELETE FROM audit_event WHERE task_id = '" + task + "' AND seq >= 5");

    assertThat(ledger.verify(task).valid()).as("the shortened chain alone still verifies").isTrue();
    LedgerCheckpoints.CheckpointVerification verification =
        checkpoints.verify(task, ledger.events(task), KEY.publicKey());
    assertThat(verification.valid()).isFalse();
    assertThat(verification.brokenSeq()).isEqualTo(6L);
    assertThat(verification.problem())
        .startsWith("checkpoint " + number + " signed seq 6 (hash ")
        .endsWith("), but the ledger ends at seq 4: the chain was truncated");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_name_the_signed_seq_when_a_whole_chain_is_rewritten_consistently(
      LedgerTestDatabase db) throws SQLException {
    AuditLedger ledger = db.ledger();
    LedgerCheckpoints checkpoints = new LedgerCheckpoints(db.dataSource(), CLOCK);
    String task = taskId("rewrite-all");
    ledger.append(AuditLedgerTest.events(task, 1, 4));
    long number = checkpoints.checkpoint(KEY).orElseThrow().number();

    // Recompute every row from a forged payload on: a chain that verifies on its own.
    List<String> updates = new ArrayList<>();
    String prev = AuditLedger.GENESIS_HASH;
    for (LedgerEntry entry : ledger.events(task)) {
      String payload = entry.seq() == 2 ? "{\"forged\":true}" : entry.payloadJson();
      String hash =
          AuditLedger.chainHash(
              prev,
              CanonicalForm.JCS.hashedContent(
                  task,
                  entry.seq(),
                  entry.type(),
                  entry.step(),
                  entry.workflowRunId(),
                  entry.origin(),
                  entry.schemaVersion(),
                  payload));
      updates.add(
          "UPDATE audit_event SET payload = '"
              + payload
              + "', prev_hash = '"
              + prev
              + "', hash = '"
              + hash
              + "' WHERE task_id = '"
              + task
              + "' AND seq = "
              + entry.seq());
      prev = hash;
    }
    db.tamper(updates.toArray(String[]::new));

    assertThat(ledger.verify(task).valid()).as("the rewritten chain alone verifies").isTrue();
    LedgerCheckpoints.CheckpointVerification verification =
        checkpoints.verify(task, ledger.events(task), KEY.publicKey());
    assertThat(verification.valid()).isFalse();
    assertThat(verification.brokenSeq()).isEqualTo(4L);
    assertThat(verification.problem())
        .startsWith("checkpoint " + number + " signed seq 4 with hash ")
        .endsWith(": the chain was rewritten");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_report_a_bad_signature_when_checked_with_another_key(LedgerTestDatabase db) {
    AuditLedger ledger = db.ledger();
    LedgerCheckpoints checkpoints = new LedgerCheckpoints(db.dataSource(), CLOCK);
    String task = taskId("other-key");
    ledger.append(AuditLedgerTest.events(task, 1, 2));
    checkpoints.checkpoint(KEY).orElseThrow();

    PublicKey stranger = LedgerSigningKey.generate().publicKey();
    assertThat(checkpoints.verify(task, ledger.events(task), stranger).problem())
        .isEqualTo(
            "ledger: checkpoint 1: signed by key "
                + KEY.keyId()
                + ", which is not a trusted key ["
                + LedgerSigningKey.keyId(stranger)
                + "]");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_verify_a_decision_receipt_with_the_public_key_and_plain_jdk_crypto(
      LedgerTestDatabase db) throws Exception {
    AuditLedger ledger = db.ledger();
    String task = taskId("receipt");
    ledger.append(AuditLedgerTest.events(task, 1, 3), new LedgerOrigin(task, "7", null));
    String receipt = DecisionReceipts.issue(ledger.events(task), task, 2, KEY);

    // A third party: X.509 public key bytes, java.security, Base64 and SHA-256, nothing of ours.
    PublicKey publicKey =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(new X509EncodedKeySpec(KEY.publicKey().getEncoded()));
    String[] parts = receipt.split("\\.");
    assertThat(parts).hasSize(3);
    Signature ed25519 = Signature.getInstance("Ed25519");
    ed25519.initVerify(publicKey);
    ed25519.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(ed25519.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    ObjectMapper json = new ObjectMapper();
    JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
    assertThat(header.path("alg").asText()).isEqualTo("EdDSA");
    JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
    String hashed = payload.path("hashedContent").asText();
    String recomputed =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(
                        (payload.path("prevHash").asText() + hashed)
                            .getBytes(StandardCharsets.UTF_8)));
    assertThat(recomputed).isEqualTo(payload.path("hash").asText());
    assertThat(payload.path("hash").asText()).isEqualTo(ledger.events(task).get(1).hash());
    JsonNode event = json.readTree(hashed);
    assertThat(event.path("seq").asLong()).isEqualTo(2);
    assertThat(event.path("activityId").asText()).isEqualTo("7");
    assertThat(payload.path("outcome")).isEqualTo(event.path("payload").path("outcome"));

    // One flipped payload character breaks the signature.
    char[] forged = parts[1].toCharArray();
    forged[10] = forged[10] == 'A' ? 'B' : 'A';
    String tampered = parts[0] + "." + new String(forged) + "." + parts[2];
    assertThatThrownBy(() -> DecisionReceipts.verify(tampered, publicKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signature does not verify");
    assertThat(DecisionReceipts.verify(receipt, publicKey).seq()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_refuse_a_signed_receipt_whose_hashed_event_is_not_a_verdict(LedgerTestDatabase db) {
    AuditLedger ledger = db.ledger();
    String task = taskId("not-a-verdict");
    ledger.append(
        List.of(
            new AuditEvent(
                task,
                1,
                0,
                "run-1",
                new AuditFact.TaskEnded(TaskState.COMPLETED, 1, 10, 0.0, null, "done"))),
        new LedgerOrigin(task, "3", null));
    LedgerEntry ended = ledger.events(task).get(0);
    ObjectNode forged = new ObjectMapper().createObjectNode();
    forged.put("taskId", task);
    forged.put("seq", 1);
    forged.putNull("outcome");
    forged.putNull("bundleHash");
    forged.put("prevHash", ended.prevHash());
    forged.put("hash", ended.hash());
    forged.put("hashedContent", ended.hashedContent());
    String receipt = Jws.sign(KEY, DecisionReceipts.TYP, forged);

    assertThatThrownBy(() -> DecisionReceipts.verify(receipt, KEY.publicKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "receipt: the hashed event is a `task.ended` event, not a "
                + AuditFact.VerdictRecorded.TYPE);
  }

  @Test
  void should_refuse_a_receipt_naming_the_verdict_seqs_when_the_seq_is_not_a_verdict() {
    String task = "no-verdict";
    List<LedgerEntry> chain =
        List.of(
            new LedgerEntry(
                task,
                1,
                AuditFact.TaskPinned.TYPE,
                0,
                "r",
                null,
                null,
                null,
                "{}",
                "0",
                "h1",
                Instant.EPOCH,
                null,
                null),
            new LedgerEntry(
                task,
                2,
                AuditFact.VerdictRecorded.TYPE,
                1,
                "r",
                null,
                null,
                null,
                "{}",
                "h1",
                "h2",
                Instant.EPOCH,
                null,
                null));

    assertThatThrownBy(() -> DecisionReceipts.issue(chain, task, 1, KEY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "task `no-verdict` seq 1 is a `task.pinned` event; receipts exist for policy.verdict"
                + " events: seqs [2]");
  }

  @Test
  void should_keep_the_key_and_derive_the_same_public_key_when_reloaded() {
    Path file = dir.resolve("keys").resolve("signing.pem");
    LedgerSigningKey generated = LedgerSigningKey.loadOrGenerate(file, true);
    LedgerSigningKey loaded = LedgerSigningKey.loadOrGenerate(file, false);

    assertThat(loaded.keyId()).isEqualTo(generated.keyId());
    assertThat(LedgerSigningKey.readPublicKey(LedgerSigningKey.publicKeyFile(file)).getEncoded())
        .isEqualTo(generated.publicKey().getEncoded());
    assertThatThrownBy(() -> LedgerSigningKey.loadOrGenerate(dir.resolve("absent.pem"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absent.pem` does not exist");
  }

  @Test
  void should_hash_rows_recorded_before_v3_exactly_as_before() {
    LedgerTestDatabase db = LedgerTestDatabase.h2(dir, false);
    try {
      Flyway.configure()
          .dataSource(db.dataSource())
          .locations("classpath:db/ledger/common", "classpath:db/ledger/h2")
          .table(AuditLedger.HISTORY_TABLE)
          .target("2")
          .load()
          .migrate();
      // The pre-V3 form: sha256(prev + canonical {taskId, seq, type, step, workflowRunId,
      // payload}).
      Map<String, Object> content = new TreeMap<>();
      content.put("taskId", "old");
      content.put("seq", 1);
      content.put("type", AuditFact.TaskPinned.TYPE);
      content.put("step", 0);
      content.put("workflowRunId", "run-0");
      content.put("payload", Map.of("profile", "support-agent"));
      String hash = Sha256.hex(AuditLedger.GENESIS_HASH + CanonicalJson.write(content));
      db.tamper(
          "INSERT INTO audit_event (task_id, seq, type, step, workflow_run_id, payload,"
              + " prev_hash, hash) VALUES ('old', 1, 'task.pinned', 0, 'run-0',"
              + " '{\"profile\":\"support-agent\"}', '"
              + AuditLedger.GENESIS_HASH
              + "', '"
              + hash
              + "')");

      AuditLedger.migrate(db.dataSource());

      assertThat(db.ledger().verify("old").valid()).isTrue();
      AuditEvent next =
          new AuditEvent(
              "old",
              2,
              0,
              "run-0",
              new AuditFact.TaskEnded(TaskState.COMPLETED, 0, 0, 0, null, null));
      db.ledger().append(List.of(next), new LedgerOrigin("old", "12", null));
      assertThat(db.ledger().verify("old").valid()).isTrue();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } finally {
      try {
        db.drop();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String swap(String task, long seq, LedgerEntry from) {
    return "UPDATE audit_event SET type = '"
        + from.type()
        + "', step = "
        + from.step()
        + ", payload = '"
        + from.payloadJson()
        + "', prev_hash = '"
        + from.prevHash()
        + "', hash = '"
        + from.hash()
        + "' WHERE task_id = '"
        + task
        + "' AND seq = "
        + seq;
  }

  private static String taskId(String purpose) {
    return purpose + "-" + UUID.randomUUID();
  }
}
