package dev.charter.activities.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;

/** Pooled data sources for the ledger: an embedded H2 file, or any JDBC URL (PostgreSQL). */
public final class LedgerDataSources {

  private static final int MAX_POOL_SIZE = 10;

  private LedgerDataSources() {}

  /**
   * An embedded H2 database stored at {@code path} (H2 adds {@code .mv.db}); created on first use.
   */
  public static HikariDataSource h2File(Path path) {
    return fromUrl("jdbc:h2:file:" + path.toAbsolutePath(), "sa", "");
  }

  /**
   * A pool on {@code jdbcUrl}, e.g. {@code jdbc:postgresql://127.0.0.1:5432/charter}; the caller
   * closes it.
   */
  public static HikariDataSource fromUrl(String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(MAX_POOL_SIZE);
    config.setPoolName("charter-ledger");
    return new HikariDataSource(config);
  }
}
