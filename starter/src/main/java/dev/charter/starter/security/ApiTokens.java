package dev.charter.starter.security;

import dev.charter.activities.audit.Sha256;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * API tokens of the REST API: bearer tokens {@code ct_<random>} for machines, the CLI and {@code
 * charter dev}. Only each token's SHA-256 is stored (table {@code api_token} of the ledger
 * database), bound to one principal and tenant, with an expiry and a revocation time; the token
 * itself is shown once, to whoever issued it.
 */
public final class ApiTokens {

  /** Every API token starts with this, so the API tells it from a JWT without parsing. */
  public static final String PREFIX = "ct_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataSource dataSource;
  private final Clock clock;

  /**
   * @param dataSource the ledger database (migrated: table {@code api_token})
   * @param clock expiry is judged by it
   */
  public ApiTokens(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** Who a token is for. */
  public enum Kind {
    /** A human of the directory ({@code charter.humans}). */
    HUMAN,
    /** A machine caller; it still needs an entry (roles, tenant) in the directory. */
    SERVICE
  }

  /**
   * A valid token's binding.
   *
   * @param hash the token's SHA-256 (hex)
   * @param principal the human or service id
   * @param kind human or service
   * @param tenant the tenant it acts in
   * @param label what it was issued for
   * @param expiresAt when it stops working
   */
  public record ApiToken(
      String hash, String principal, Kind kind, String tenant, String label, Instant expiresAt) {}

  /**
   * Issues a token.
   *
   * @return the token; it is not stored and cannot be shown again
   */
  public String issue(String principal, Kind kind, String tenant, String label, Duration ttl) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Instant now = clock.instant();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO api_token (token_hash, principal, principal_kind, tenant, label,"
                    + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, hash(token));
      insert.setString(2, principal);
      insert.setString(3, kind.name().toLowerCase(Locale.ROOT));
      insert.setString(4, tenant);
      insert.setString(5, label);
      insert.setTimestamp(6, Timestamp.from(now));
      insert.setTimestamp(7, Timestamp.from(now.plus(ttl)));
      insert.executeUpdate();
      commit(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store an API token for `" + principal + "`", e);
    }
    return token;
  }

  /** The token's binding when it is known, not expired and not revoked. */
  public Optional<ApiToken> find(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT principal, principal_kind, tenant, label, expires_at FROM api_token"
                    + " WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?")) {
      String hash = hash(token);
      select.setString(1, hash);
      select.setTimestamp(2, Timestamp.from(clock.instant()));
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new ApiToken(
                hash,
                row.getString(1),
                Kind.valueOf(row.getString(2).toUpperCase(Locale.ROOT)),
                row.getString(3),
                row.getString(4),
                row.getTimestamp(5).toInstant()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read API tokens", e);
    }
  }

  /** Revokes every live token issued with {@code label}; returns how many. */
  public int revokeLabelled(String label) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE api_token SET revoked_at = ? WHERE label = ? AND revoked_at IS NULL")) {
      update.setTimestamp(1, Timestamp.from(clock.instant()));
      update.setString(2, label);
      int revoked = update.executeUpdate();
      commit(connection);
      return revoked;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot revoke API tokens labelled `" + label + "`", e);
    }
  }

  /** Revokes one token by its SHA-256; false when no live token has it. */
  public boolean revoke(String tokenHash) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE api_token SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL")) {
      update.setTimestamp(1, Timestamp.from(clock.instant()));
      update.setString(2, tokenHash);
      boolean revoked = update.executeUpdate() == 1;
      commit(connection);
      return revoked;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot revoke an API token", e);
    }
  }

  /** The stored form of a token: its SHA-256, hex. */
  public static String hash(String token) {
    return Sha256.hex(token);
  }

  private static void commit(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }
}
