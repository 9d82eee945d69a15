package dev.charter.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerDataSources;
import dev.charter.starter.security.ApiTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
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

  @Test
  void should_write_the_token_to_an_owner_only_file_and_print_nothing_of_it() throws Exception {
    String url = "jdbc:h2:file:" + data.resolve("ledger").toAbsolutePath();
    try (HikariDataSource dataSource = LedgerDataSources.fromUrl(url, "sa", "")) {
      AuditLedger.migrate(dataSource);
    }
    Path file = data.resolve("scrape").resolve("prometheus-token");

    PolicyCommandTest.Run issued =
        PolicyCommandTest.run(
            "token",
            "issue",
            "--principal",
            "prometheus",
            "--tenant",
            "acme-shop",
            "--service",
            "--out",
            file.toString(),
            "--data-dir",
            data.toString());

    assertThat(issued.code()).as(issued.err()).isZero();
    String token = Files.readString(file).strip();
    assertThat(token).startsWith(ApiTokens.PREFIX);
    assertThat(issued.out()).doesNotContain(token);
    assertThat(issued.err()).doesNotContain(token).contains("written to " + file);
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    try (HikariDataSource dataSource = LedgerDataSources.fromUrl(url, "sa", "")) {
      assertThat(new ApiTokens(dataSource, Clock.systemUTC()).find(token)).isPresent();
    }
  }

  @Test
  void should_refuse_a_bad_out_mode_before_issuing_anything() throws Exception {
    String url = "jdbc:h2:file:" + data.resolve("ledger").toAbsolutePath();
    try (HikariDataSource dataSource = LedgerDataSources.fromUrl(url, "sa", "")) {
      AuditLedger.migrate(dataSource);
    }

    PolicyCommandTest.Run refused =
        PolicyCommandTest.run(
            "token",
            "issue",
            "--principal",
            "prometheus",
            "--tenant",
            "acme-shop",
            "--out",
            data.resolve("t").toString(),
            "--out-mode",
            "755",
            "--data-dir",
            data.toString());

    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("--out-mode `755` makes a token file executable");
    assertThat(data.resolve("t")).doesNotExist();
    try (HikariDataSource dataSource = LedgerDataSources.fromUrl(url, "sa", "");
        var connection = dataSource.getConnection();
        var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM api_token")) {
      rows.next();
      assertThat(rows.getLong(1)).isZero();
    }
  }
}
