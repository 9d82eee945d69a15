package dev.charter.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerDataSources;
import dev.charter.starter.security.ApiTokens;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code charter token issue | revoke} against a real (H2) ledger database. */
class TokenCommandTest {

  @TempDir Path data;

  @Test
  void should_issue_a_token_stored_only_as_its_hash_and_revoke_it() throws Exception {
    String url = "jdbc:h2:file:" + data.resolve("ledger").toAbsolutePath();
    try (HikariDataSource dataSource = LedgerDataSources.fromUrl(url, "sa", "")) {
      AuditLedger.migrate(dataSource);
    }

    PolicyCommandTest.Run issued =
        PolicyCommandTest.run(
            "token",
            "issue",
            "--principal",
            "ci.bot",
            "--tenant",
            "acme-shop",
            "--service",
            "--ttl",
            "PT1H",
            "--data-dir",
            data.toString());

    assertThat(issued.code()).as(issued.err()).isZero();
    String token = issued.out().strip();
    assertThat(token).startsWith(ApiTokens.PREFIX);
    assertThat(issued.err()).contains("charter token revoke " + ApiTokens.hash(token));
    try (HikariDataSource dataSource = LedgerDataSources.fromUrl(url, "sa", "")) {
      ApiTokens tokens = new ApiTokens(dataSource, Clock.systemUTC());
      assertThat(tokens.find(token))
          .hasValueSatisfying(
              t -> {
                assertThat(t.principal()).isEqualTo("ci.bot");
                assertThat(t.kind()).isEqualTo(ApiTokens.Kind.SERVICE);
                assertThat(t.tenant()).isEqualTo("acme-shop");
              });
      try (var connection = dataSource.getConnection();
          var rows =
              connection.createStatement().executeQuery("SELECT token_hash FROM api_token")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo(ApiTokens.hash(token)).doesNotContain(token);
      }
    }

    PolicyCommandTest.Run revoked =
        PolicyCommandTest.run("token", "revoke", token, "--data-dir", data.toString());
    assertThat(revoked.code()).as(revoked.err()).isZero();
    PolicyCommandTest.Run again =
        PolicyCommandTest.run("token", "revoke", token, "--data-dir", data.toString());
    assertThat(again.code()).isEqualTo(1);
    try (HikariDataSource dataSource = LedgerDataSources.fromUrl(url, "sa", "")) {
      assertThat(new ApiTokens(dataSource, Clock.systemUTC()).find(token)).isEmpty();
    }
  }
}
