package dev.charter.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** What a pooled JDBC connection needs; the ledger and the shop each have their own. */
interface DatabaseSettings {

  /** JDBC URL. */
  String url();

  /** Database user. */
  String username();

  /** Password; prefer the environment to files for secrets. */
  String password();

  /** A pool named {@code charter-<name>} (the name shows in health and metrics). */
  default HikariDataSource pool(String name) {
    return pool(name, url(), username(), password());
  }

  /** A pool named {@code charter-<name>} on {@code url} as {@code username}. */
  static HikariDataSource pool(String name, String url, String username, String password) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("charter-" + name);
    config.setJdbcUrl(url);
    config.setUsername(username);
    config.setPassword(password);
    config.setMaximumPoolSize(8);
    return new HikariDataSource(config);
  }
}
