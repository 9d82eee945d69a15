package dev.charter.activities.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.activities.audit.LedgerWitness.StoredCheckpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoints verified as a chain of their own: numbered 1, 2, … without a gap, each signed by a
 * trusted key, each {@code prev} the SHA-256 of the previous checkpoint's JWS (64 zeros for the
 * first), and every task's signed head moving forward only. Whoever empties or rewrites the
 * checkpoint tables must break one of these, or forge a signature.
 *
 * @param checkpoints the checkpoints that verified, in number order (all of them when valid)
 * @param problem the first break, naming the source and the checkpoint, or null
 */
record CheckpointChain(List<Signed> checkpoints, String problem) {

  boolean valid() {
    return problem == null;
  }

  /**
   * Verifies {@code stored} (in number order) as read from {@code source}, e.g. "ledger" or a
   * witness name.
   */
  static CheckpointChain verify(String source, List<StoredCheckpoint> stored, TrustedKeys keys) {
    List<Signed> verified = new ArrayList<>(stored.size());
    Map<String, Long> lastSeq = new HashMap<>();
    String expectedPrev = AuditLedger.GENESIS_HASH;
    long expectedNumber = 1;
    for (StoredCheckpoint row : stored) {
      String at = source + ": checkpoint " + row.number();
      if (row.number() != expectedNumber) {
        return broken(
            verified,
            source
                + ": checkpoint "
                + expectedNumber
                + " is missing"
                + (row.number() > expectedNumber
                    ? " (the next one is " + row.number() + ")"
                    : " (checkpoint " + row.number() + " appears again)"));
      }
      JsonNode payload;
      try {
        payload = Jws.verify(row.jws(), keys);
      } catch (IllegalArgumentException e) {
        return broken(verified, at + ": " + e.getMessage());
      }
      if (payload.path("number").asLong() != row.number()) {
        return broken(
            verified, at + ": its signed payload says number " + payload.path("number").asText());
      }
      if (!expectedPrev.equals(payload.path("prev").asText())) {
        return broken(
            verified,
            at
                + ": prev "
                + abbreviate(payload.path("prev").asText())
                + " is not the sha-256 of "
                + (row.number() == 1 ? "nothing (64 zeros)" : "checkpoint " + (row.number() - 1))
                + ": the checkpoint chain was rewritten");
      }
      Map<String, LedgerCheckpoints.Head> heads = new LinkedHashMap<>();
      for (JsonNode head : payload.path("heads")) {
        String taskId = head.path("taskId").asText();
        long seq = head.path("seq").asLong();
        Long before = lastSeq.get(taskId);
        if (before != null && seq <= before) {
          return broken(
              verified,
              at
                  + ": task "
                  + taskId
                  + " goes back from seq "
                  + before
                  + " (an earlier checkpoint) to seq "
                  + seq
                  + ": the chain was truncated");
        }
        lastSeq.put(taskId, seq);
        heads.put(taskId, new LedgerCheckpoints.Head(taskId, seq, head.path("hash").asText()));
      }
      verified.add(new Signed(row, Jws.keyId(row.jws()), heads));
      expectedPrev = Sha256.hex(row.jws());
      expectedNumber++;
    }
    return new CheckpointChain(List.copyOf(verified), null);
  }

  private static CheckpointChain broken(List<Signed> verified, String problem) {
    return new CheckpointChain(List.copyOf(verified), problem);
  }

  static String abbreviate(String hash) {
    return hash == null || hash.length() < 12 ? String.valueOf(hash) : hash.substring(0, 12) + "…";
  }

  /**
   * A checkpoint whose signature verified.
   *
   * @param stored as stored
   * @param keyId the key that signed it
   * @param heads the heads it signed, by task
   */
  record Signed(StoredCheckpoint stored, String keyId, Map<String, LedgerCheckpoints.Head> heads) {

    long number() {
      return stored.number();
    }
  }
}
