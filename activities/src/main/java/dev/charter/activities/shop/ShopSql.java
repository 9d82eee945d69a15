package dev.charter.activities.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The one way the shop writes: a parameterized statement on the caller's transaction. */
final class ShopSql {

  private ShopSql() {}

  /** Runs an INSERT or UPDATE with positional values; returns the rows it changed. */
  static int update(Connection connection, String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      return statement.executeUpdate();
    }
  }
}
