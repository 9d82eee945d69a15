package dev.charter.worker;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit ledger's database, under {@code charter.ledger}. Migrated with Flyway at start by the
 * owner ({@code username}); the worker then connects as its own user ({@code worker-username}),
 * which may only SELECT and INSERT the evidence tables, so a compromised worker cannot UPDATE,
 * DELETE or TRUNCATE them.
 *
 * @param url JDBC URL: {@code jdbc:h2:file:...} (embedded default) or {@code
 *     jdbc:postgresql://host:5432/db}
 * @param username the owner: runs the migrations and grants the worker user
 * @param password the owner's password; prefer the environment ({@code CHARTER_LEDGER_PASSWORD})
 * @param workerUsername the least-privileged user the worker connects as, created and granted by
 *     the owner at start; blank runs the worker as the owner (logged as a warning)
 * @param workerPassword its password ({@code CHARTER_LEDGER_WORKER_PASSWORD}); required on
 *     PostgreSQL to create the role, may be empty for the embedded H2 file
 */
@Validated
@ConfigurationProperties("charter.ledger")
public record LedgerProperties(
    @NotNull(message = JDBC_URL_REQUIRED) @Pattern(regexp = JDBC_URL, message = JDBC_URL_MESSAGE)
        String url,
    @DefaultValue("sa") String username,
    String password,
    @DefaultValue("charter_worker") @Pattern(regexp = WORKER_NAME, message = WORKER_NAME_MESSAGE)
        String workerUsername,
    String workerPassword)
    implements DatabaseSettings {

  static final String JDBC_URL = "^jdbc:\\S+$";
  static final String JDBC_URL_REQUIRED =
      "is required: a JDBC URL such as jdbc:h2:file:/path/db or jdbc:postgresql://host:5432/db";
  static final String JDBC_URL_MESSAGE =
      "must be a JDBC URL such as jdbc:h2:file:/path/db or jdbc:postgresql://host:5432/db, got"
          + " `${validatedValue}`";
  static final String WORKER_NAME = "^$|^[A-Za-z_][A-Za-z0-9_]{0,62}$";
  static final String WORKER_NAME_MESSAGE =
      "must be a plain SQL name (letters, digits, _) or blank to run as the owner, got"
          + " `${validatedValue}`";

  /** True when no separate worker user is configured. */
  boolean workerIsOwner() {
    return workerUsername == null
        || workerUsername.isBlank()
        || workerUsername.equalsIgnoreCase(username);
  }

  /** The pool the worker uses: as the worker user, or as the owner when none is configured. */
  HikariDataSource workerPool(String name) {
    return workerIsOwner()
        ? pool(name)
        : DatabaseSettings.pool(
            name, url, workerUsername, workerPassword == null ? "" : workerPassword);
  }

  @Override
  public String toString() {
    // Passwords stay out of logs and failure reports.
    return "LedgerProperties[url="
        + url
        + ", username="
        + username
        + ", workerUsername="
        + workerUsername
        + "]";
  }
}
