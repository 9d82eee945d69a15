package dev.charter.activities.audit;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * H2 trigger installed by the ledger migration {@code db/ledger/h2/V2}: refuses every UPDATE and
 * DELETE on {@code audit_event}, so the embedded ledger is append-only like the PostgreSQL one.
 * Public only because H2 instantiates it by class name.
 */
public final class H2AppendOnlyTrigger implements Trigger {

  @Override
  public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
    String operation = newRow == null ? "DELETE" : "UPDATE";
    throw new SQLException(
        "audit_event is append-only: "
            + operation
            + " refused on task `"
            + oldRow[0]
            + "` seq "
            + oldRow[1],
        "42501");
  }
}
