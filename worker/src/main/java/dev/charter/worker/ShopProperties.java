package dev.charter.worker;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The demo shop's database, under {@code charter.shop}: the tools' system of record (orders,
 * customers, refunds). Migrated with Flyway at start.
 *
 * @param url JDBC URL: {@code jdbc:h2:file:...} (embedded default) or {@code
 *     jdbc:postgresql://host:5432/db}
 * @param username database user
 * @param password password; prefer the environment ({@code CHARTER_SHOP_PASSWORD}) for secrets
 */
@Validated
@ConfigurationProperties("charter.shop")
public record ShopProperties(
    @NotNull(message = LedgerProperties.JDBC_URL_REQUIRED)
        @Pattern(regexp = LedgerProperties.JDBC_URL, message = LedgerProperties.JDBC_URL_MESSAGE)
        String url,
    @DefaultValue("sa") String username,
    String password)
    implements DatabaseSettings {

  @Override
  public String toString() {
    // The password stays out of logs and failure reports.
    return "ShopProperties[url=" + url + ", username=" + username + "]";
  }
}
