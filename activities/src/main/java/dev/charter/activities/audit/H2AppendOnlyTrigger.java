package dev.charter.activities.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.h2.api.Trigger;

/**
 * H2 trigger installed by the ledger migrations ({@code db/ledger/h2/V2}, {@code V5}): refuses
 * every UPDATE and DELETE on {@code audit_event} and the checkpoint tables, so the embedded ledger
 * is append-only like the PostgreSQL one. Public only because H2 instantiates it by class name.
 */
public final class H2AppendOnlyTrigger implements Trigger {

  private String table = "audit_event";

  @Override
  public void init(
      Connection connection,
      String schemaName,
      String triggerName,
      String tableName,
      boolean before,
      int type) {
    table = tableName.toLowerCase(Locale.ROOT);
  }

  @Override
  public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
    String operation = newRow == null ? "DELETE" : "UPDATE";
    throw new SQLException(
        table
            + " is append-only: "
            + operation
            + " refused on row ("
            + oldRow[0]
            + ", "
            + oldRow[1]
            + ")",
        "42501");
  }
}
