package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real database for ledger tests: an H2 file in a temporary directory, or a fresh schema on the
 * local PostgreSQL ({@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}), dropped
 * on close. When PostgreSQL is unreachable its tests are skipped, except under {@code CI=true},
 * where they fail.
 */
final class LedgerTestDatabase {

  static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String PG_USER = "postgres";
  private static final String PG_HOWTO =
      "start PostgreSQL on 127.0.0.1:5432 with database test, user postgres (no password) to run"
          + " the PostgreSQL ledger tests";

  /** The worker role tests grant; PostgreSQL roles are cluster-wide, so one name for all. */
  static final LedgerRoles.WorkerRole WORKER =
      new LedgerRoles.WorkerRole("charter_worker_test", "worker-secret");

  private final String name;
  private final HikariDataSource dataSource;
  private final String pgSchema;
  private final String unavailable;
  private final String url;
  private HikariDataSource worker;

  private LedgerTestDatabase(
      String name, HikariDataSource dataSource, String pgSchema, String unavailable, String url) {
    this.name = name;
    this.dataSource = dataSource;
    this.pgSchema = pgSchema;
    this.unavailable = unavailable;
    this.url = url;
  }

  /** A migrated H2 file database under {@code dir}. */
  static LedgerTestDatabase h2(Path dir) {
    return h2(dir, true);
  }

  static LedgerTestDatabase h2(Path dir, boolean migrate) {
    Path file = dir.resolve("ledger-" + UUID.randomUUID());
    HikariDataSource dataSource = LedgerDataSources.h2File(file);
    if (migrate) {
      AuditLedger.migrate(dataSource);
    }
    return new LedgerTestDatabase(
        "H2", dataSource, null, null, "jdbc:h2:file:" + file.toAbsolutePath());
  }

  /** A migrated fresh schema on the local PostgreSQL, or an unavailable marker. */
  static LedgerTestDatabase postgres() {
    return postgres(true);
  }

  static LedgerTestDatabase postgres(boolean migrate) {
    String schema = "ledger_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection admin = DriverManager.getConnection(PG_URL + "?connectTimeout=3", PG_USER, "");
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      return new LedgerTestDatabase(
          "PostgreSQL", null, null, PG_HOWTO + " (" + e.getMessage() + ")", null);
    }
    String url = PG_URL + "?currentSchema=" + schema;
    HikariDataSource dataSource = LedgerDataSources.fromUrl(url, PG_USER, "");
    if (migrate) {
      AuditLedger.migrate(dataSource);
    }
    return new LedgerTestDatabase("PostgreSQL", dataSource, schema, null, url);
  }

  /** Skips the calling test when the database is unreachable, or fails it under CI=true. */
  HikariDataSource dataSource() {
    if (unavailable != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true requires PostgreSQL: " + unavailable);
      }
      assumeTrue(false, "PostgreSQL ledger tests skipped: " + unavailable);
    }
    return dataSource;
  }

  boolean isPostgres() {
    return "PostgreSQL".equals(name);
  }

  AuditLedger ledger() {
    return new AuditLedger(dataSource());
  }

  /** A ledger that signs and stores a receipt for each verdict it appends. */
  AuditLedger ledger(LedgerSigningKey receiptKey) {
    return new AuditLedger(dataSource(), receiptKey);
  }

  /**
   * A pool connected as the worker role ({@link #WORKER}), granted by the owner as the worker's
   * start does ({@link AuditLedger#migrate(javax.sql.DataSource, LedgerRoles.WorkerRole)}).
   */
  HikariDataSource worker() {
    if (worker == null) {
      AuditLedger.migrate(dataSource(), WORKER);
      worker = LedgerDataSources.fromUrl(url, WORKER.username(), WORKER.password());
    }
    return worker;
  }

  /**
   * Runs raw SQL as the owner with every append-only trigger lifted, as an attacker with DDL rights
   * would (TRUNCATE included).
   */
  void tamperAll(String... statements) throws SQLException {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String table : LedgerRoles.APPEND_ONLY) {
        statement.execute(
            isPostgres()
                ? "ALTER TABLE " + table + " DISABLE TRIGGER USER"
                : "DROP TRIGGER " + table + "_append_only");
      }
      try {
        for (String sql : statements) {
          statement.execute(sql);
        }
      } finally {
        for (String table : LedgerRoles.APPEND_ONLY) {
          statement.execute(
              isPostgres()
                  ? "ALTER TABLE " + table + " ENABLE TRIGGER USER"
                  : "CREATE TRIGGER "
                      + table
                      + "_append_only BEFORE UPDATE, DELETE ON "
                      + table
                      + " FOR EACH ROW CALL '"
                      + H2AppendOnlyTrigger.class.getName()
                      + "'");
        }
      }
    }
  }

  /** Runs raw SQL as an attacker with DDL rights would: with the append-only trigger lifted. */
  void tamper(String... statements) throws SQLException {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          isPostgres()
              ? "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"
              : "DROP TRIGGER audit_event_append_only");
      try {
        for (String sql : statements) {
          statement.executeUpdate(sql);
        }
      } finally {
        statement.execute(
            isPostgres()
                ? "ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only"
                : "CREATE TRIGGER audit_event_append_only BEFORE UPDATE, DELETE ON audit_event"
                    + " FOR EACH ROW CALL '"
                    + H2AppendOnlyTrigger.class.getName()
                    + "'");
      }
    }
  }

  /**
   * Drops the PostgreSQL schema and closes the pool (not AutoCloseable: JUnit would close it per
   * test).
   */
  void drop() throws SQLException {
    if (dataSource == null) {
      return;
    }
    if (worker != null) {
      worker.close();
    }
    if (pgSchema != null) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA " + pgSchema + " CASCADE");
      }
    }
    dataSource.close();
  }

  @Override
  public String toString() {
    return name;
  }
}
