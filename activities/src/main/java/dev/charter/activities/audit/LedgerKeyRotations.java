package dev.charter.activities.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's record of its signing keys ({@code audit_signing_key}, ledger V22): one row per key
 * the worker started signing with, in order. Each row is a JWS ({@code charter.key-rotation+jws})
 * naming the new key's id and public key; it is signed by the previous key when the worker still
 * holds that key as a retired key ({@link LedgerSigningKey#retired}), so a verifier who pinned the
 * old key can follow the rotation ({@link #extend}); otherwise by the new key itself, which a
 * verifier must then be given explicitly.
 */
public final class LedgerKeyRotations {

  /** The JWS {@code typ} of key records. */
  public static final String TYP = "charter.key-rotation+jws";

  private static final Logger LOG = LoggerFactory.getLogger(LedgerKeyRotations.class);

  private static final String SELECT_ALL =
      "SELECT number, key_id, jws FROM audit_signing_key ORDER BY number";
  private static final String INSERT =
      "INSERT INTO audit_signing_key (number, key_id, previous_key_id, signed_by, recorded_at, jws)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  private final DataSource dataSource;
  private final Clock clock;

  /** The key record in the ledger {@code dataSource} ({@link AuditLedger#migrate} applied). */
  public LedgerKeyRotations(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records {@code current} when it is not the last recorded key: the first key of a ledger, or a
   * rotation. Signed by the retired key that was last recorded when it is among {@code retired}.
   *
   * @return true when a row was written
   */
  public boolean record(LedgerSigningKey current, Collection<LedgerSigningKey> retired) {
    try (Connection connection = dataSource.getConnection()) {
      List<Row> rows = rows(connection);
      if (rows.stream().anyMatch(r -> r.keyId().equals(current.keyId()))) {
        return false;
      }
      String previous = rows.isEmpty() ? null : rows.get(rows.size() - 1).keyId();
      LedgerSigningKey signer =
          retired.stream().filter(k -> k.keyId().equals(previous)).findFirst().orElse(current);
      long number = rows.size() + 1L;
      Instant now = clock.instant();
      ObjectNode payload = JsonNodeFactory.instance.objectNode();
      payload.put("number", number);
      payload.put("keyId", current.keyId());
      payload.put(
          "publicKey", Base64.getEncoder().encodeToString(current.publicKey().getEncoded()));
      payload.put("previousKeyId", previous);
      payload.put("recordedAt", now.toString());
      String jws = Jws.sign(signer, TYP, payload);
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        insert.setLong(1, number);
        insert.setString(2, current.keyId());
        insert.setString(3, previous);
        insert.setString(4, signer.keyId());
        insert.setTimestamp(5, Timestamp.from(now));
        insert.setString(6, jws);
        insert.executeUpdate();
      }
      if (previous != null && signer == current) {
        LOG.warn(
            "event=ledger_key_rotated keyId={} previousKeyId={} endorsed=false action=\"the"
                + " previous key was not kept as a retired key: give verifiers the new public key"
                + " (charter audit verify --public-key)\"",
            current.keyId(),
            previous);
      } else {
        LOG.info(
            "event=ledger_key_recorded keyId={} previousKeyId={} signedBy={}",
            current.keyId(),
            previous,
            signer.keyId());
      }
      return true;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return false; // another worker recorded it first
      }
      throw new LedgerStorageException("ledger key record failed", e);
    }
  }

  /**
   * {@code pinned} and every key the ledger records as a rotation signed by a key already trusted,
   * in order: a verifier who pinned the first key trusts its endorsed successors, and nothing else.
   */
  public TrustedKeys extend(TrustedKeys pinned) {
    TrustedKeys trusted = pinned;
    try (Connection connection = dataSource.getConnection()) {
      for (Row row : rows(connection)) {
        if (trusted.trusts(row.keyId())) {
          continue;
        }
        try {
          JsonNode payload = Jws.verify(row.jws(), trusted);
          PublicKey key =
              KeyFactory.getInstance("Ed25519")
                  .generatePublic(
                      new X509EncodedKeySpec(
                          Base64.getDecoder().decode(payload.path("publicKey").asText())));
          if (LedgerSigningKey.keyId(key).equals(row.keyId())
              && row.keyId().equals(payload.path("keyId").asText())) {
            trusted = trusted.with(key);
          }
        } catch (IllegalArgumentException | GeneralSecurityException untrusted) {
          // Not endorsed by a trusted key: the verifier must pin it to trust it.
        }
      }
    } catch (SQLException e) {
      throw new LedgerStorageException("ledger key record read failed", e);
    }
    return trusted;
  }

  private static List<Row> rows(Connection connection) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT_ALL);
        ResultSet result = select.executeQuery()) {
      while (result.next()) {
        rows.add(new Row(result.getLong(1), result.getString(2), result.getString(3)));
      }
    }
    return rows;
  }

  private record Row(long number, String keyId, String jws) {}
}
