package dev.charter.worker;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit ledger's database, under {@code charter.ledger}. Migrated with Flyway at start.
 *
 * @param url JDBC URL: {@code jdbc:h2:file:...} (embedded default) or {@code
 *     jdbc:postgresql://host:5432/db}
 * @param username database user
 * @param password password; prefer the environment ({@code CHARTER_LEDGER_PASSWORD}) for secrets
 */
@Validated
@ConfigurationProperties("charter.ledger")
public record LedgerProperties(
    @NotNull(message = JDBC_URL_REQUIRED) @Pattern(regexp = JDBC_URL, message = JDBC_URL_MESSAGE)
        String url,
    @DefaultValue("sa") String username,
    String password)
    implements DatabaseSettings {

  static final String JDBC_URL = "^jdbc:\\S+$";
  static final String JDBC_URL_REQUIRED =
      "is required: a JDBC URL such as jdbc:h2:file:/path/db or jdbc:postgresql://host:5432/db";
  static final String JDBC_URL_MESSAGE =
      "must be a JDBC URL such as jdbc:h2:file:/path/db or jdbc:postgresql://host:5432/db, got"
          + " `${validatedValue}`";

  @Override
  public String toString() {
    // The password stays out of logs and failure reports.
    return "LedgerProperties[url=" + url + ", username=" + username + "]";
  }
}
