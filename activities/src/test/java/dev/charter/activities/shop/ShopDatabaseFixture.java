package dev.charter.activities.shop;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** A migrated H2 file database for one test, and small queries to look at its rows. */
final class ShopDatabaseFixture {

  private ShopDatabaseFixture() {}

  static DataSource h2File(Path directory) {
    JdbcDataSource dataSource = new JdbcDataSource();
    // racing workers wait on the winner's row lock: give them more than H2's 1 s default
    dataSource.setURL("jdbc:h2:file:" + directory.resolve("shop") + ";LOCK_TIMEOUT=10000");
    dataSource.setUser("sa");
    ShopDatabase.migrate(dataSource);
    return dataSource;
  }

  static long count(DataSource dataSource, String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("test query failed: " + sql, e);
    }
  }

  static long refundedCents(DataSource dataSource, String orderId) {
    return count(dataSource, "SELECT refunded_cents FROM orders WHERE id = ?", orderId);
  }
}
