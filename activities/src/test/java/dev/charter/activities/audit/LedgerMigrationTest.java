package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Flyway migrations of {@code db/ledger} on fresh H2 and PostgreSQL databases. */
class LedgerMigrationTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void should_migrate_beside_another_module_tables_and_again_as_a_no_op_when_the_schema_is_shared(
      String database) throws SQLException {
    LedgerTestDatabase db =
        "H2".equals(database)
            ? LedgerTestDatabase.h2(dir, false)
            : LedgerTestDatabase.postgres(false);
    try {
      DataSource dataSource = db.dataSource();
      execute(dataSource, "CREATE TABLE shop_order (id BIGINT PRIMARY KEY)");

      AuditLedger.migrate(dataSource);
      AuditLedger.migrate(dataSource);

      assertThat(
              query(
                  dataSource,
                  "SELECT \"version\" FROM \"flyway_ledger_history\" WHERE \"success\" = TRUE"
                      + " AND \"version\" IS NOT NULL ORDER BY \"installed_rank\""))
          .containsExactly("0", "1", "2", "3", "4", "5", "6", "21", "22", "23", "30");
      assertThat(db.ledger().append(AuditLedgerTest.events("migrated", 1, 1)).lastSeq())
          .isEqualTo(1);
    } finally {
      db.drop();
    }
  }

  @Test
  void should_fail_as_a_storage_error_quoting_the_sql_state_when_the_database_is_unreachable() {
    JdbcDataSource absent = new JdbcDataSource();
    absent.setURL("jdbc:h2:file:" + dir.resolve("absent").toAbsolutePath() + ";IFEXISTS=TRUE");

    assertThatThrownBy(() -> AuditLedger.migrate(absent))
        .isInstanceOf(LedgerStorageException.class)
        .hasMessageContaining("cannot reach the database")
        .hasMessageContaining("SQLState 90146");
  }

  @Test
  void should_refuse_to_create_a_postgresql_worker_role_without_a_password_naming_it()
      throws SQLException {
    LedgerTestDatabase db = LedgerTestDatabase.postgres(false);
    try {
      DataSource owner = db.dataSource();
      String role = "charter_no_password_" + Long.toHexString(System.nanoTime());

      assertThatThrownBy(() -> AuditLedger.migrate(owner, new LedgerRoles.WorkerRole(role, "")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "ledger worker role `"
                  + role
                  + "` does not exist and no password is set to create it with: set"
                  + " charter.ledger.worker-password (CHARTER_LEDGER_WORKER_PASSWORD), or create"
                  + " the role yourself");
      assertThat(query(owner, "SELECT rolname FROM pg_roles WHERE rolname = '" + role + "'"))
          .isEmpty();
    } finally {
      db.drop();
    }
  }

  @Test
  void should_refuse_a_worker_user_that_is_not_a_plain_sql_name_quoting_it() {
    assertThatThrownBy(() -> new LedgerRoles.WorkerRole("worker; DROP TABLE audit_event", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ledger worker user must be a plain SQL name (letters, digits, _; at most 63), got"
                + " `worker; DROP TABLE audit_event`");
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> query(DataSource dataSource, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
