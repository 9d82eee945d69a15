package dev.charter.activities.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The least-privileged database user the worker connects as, set up by the owner after each
 * migration ({@link AuditLedger#migrate(DataSource, WorkerRole)}). It may SELECT and INSERT the
 * ledger's evidence tables and nothing else there: no UPDATE, DELETE or TRUNCATE, whatever the
 * triggers. That matters on H2, whose triggers cannot see TRUNCATE. The derived tables the API
 * keeps in the same database ({@code api_token} revocations, the {@code task_index} projection) are
 * granted what they need.
 */
public final class LedgerRoles {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerRoles.class);

  /** Tables the worker may only read and append to. */
  static final List<String> APPEND_ONLY =
      List.of(
          "audit_event",
          "audit_checkpoint",
          "audit_checkpoint_head",
          "audit_receipt",
          "audit_signing_key");

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private LedgerRoles() {}

  /**
   * The worker's database user.
   *
   * @param username a plain SQL identifier, e.g. {@code charter_worker}
   * @param password its password; created with it when the user does not exist yet
   */
  public record WorkerRole(String username, String password) {

    public WorkerRole {
      if (username == null || !NAME.matcher(username).matches()) {
        throw new IllegalArgumentException(
            "ledger worker user must be a plain SQL name (letters, digits, _; at most 63), got `"
                + username
                + "`");
      }
      password = password == null ? "" : password;
    }

    @Override
    public String toString() {
      // The password stays out of logs and failure reports.
      return "WorkerRole[username=" + username + "]";
    }
  }

  /**
   * Creates the worker user when missing (H2: also resets its password to the configured one) and
   * grants it SELECT and INSERT on the evidence tables. Idempotent.
   *
   * @throws IllegalArgumentException when PostgreSQL has no such role and no password is given
   * @throws LedgerStorageException when the owner may not create the user or grant
   */
  static void grant(DataSource owner, WorkerRole worker, String vendor) {
    try (Connection connection = owner.getConnection();
        Statement statement = connection.createStatement()) {
      boolean postgres = "postgresql".equals(vendor);
      String user = postgres ? worker.username().toLowerCase(Locale.ROOT) : worker.username();
      if (postgres) {
        if (!postgresRoleExists(connection, user)) {
          if (worker.password().isEmpty()) {
            throw new IllegalArgumentException(
                "ledger worker role `"
                    + user
                    + "` does not exist and no password is set to create it with: set"
                    + " charter.ledger.worker-password (CHARTER_LEDGER_WORKER_PASSWORD), or create"
                    + " the role yourself");
          }
          statement.execute(
              "CREATE ROLE " + user + " LOGIN PASSWORD " + literal(worker.password()));
          LOG.info("event=ledger_worker_role_created user={}", user);
        }
        statement.execute("GRANT USAGE ON SCHEMA " + currentSchema(connection) + " TO " + user);
      } else {
        statement.execute(
            "CREATE USER IF NOT EXISTS " + user + " PASSWORD " + literal(worker.password()));
        statement.execute("ALTER USER " + user + " SET PASSWORD " + literal(worker.password()));
      }
      for (String table : APPEND_ONLY) {
        statement.execute("GRANT SELECT, INSERT ON " + table + " TO " + user);
      }
      // Derived or mutable by design: token revocation, the rebuilt task projection.
      statement.execute("GRANT SELECT, INSERT, UPDATE ON api_token TO " + user);
      statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON task_index TO " + user);
    } catch (SQLException e) {
      throw new LedgerStorageException(
          "ledger migration: cannot set up the worker user `"
              + worker.username()
              + "` (the ledger owner needs the right to create users and grant; or set"
              + " charter.ledger.worker-username to a role your administrator created, or blank"
              + " to run as the owner): "
              + e.getMessage(),
          e);
    }
  }

  private static boolean postgresRoleExists(Connection connection, String role)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      select.setString(1, role);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static String currentSchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_schema()")) {
      rows.next();
      return '"' + rows.getString(1).replace("\"", "\"\"") + '"';
    }
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
