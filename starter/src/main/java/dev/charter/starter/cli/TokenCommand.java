package dev.charter.starter.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.LedgerDataSources;
import dev.charter.starter.security.ApiTokens;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code charter token issue | revoke}: API tokens for machines and the CLI, written straight to
 * the ledger database (table {@code api_token}, created by the worker's migrations). The token is
 * printed once; only its SHA-256 is stored.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "API tokens of the REST API (stored hashed in the ledger database).",
    subcommands = {TokenCommand.Issue.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the ledger database is. */
  static final class Ledger {
    @Option(
        names = "--data-dir",
        description = "data directory of the H2 ledger (default ~/.charter/data)")
    Path dataDir = Path.of(System.getProperty("user.home"), ".charter", "data");

    @Option(
        names = "--ledger-url",
        description = "ledger JDBC URL (default: the H2 file in --data-dir)")
    String ledgerUrl;

    @Option(names = "--ledger-user", description = "ledger user (default sa)")
    String ledgerUser = "sa";

    @Option(
        names = "--ledger-password-env",
        description =
            "environment variable holding the ledger password (default CHARTER_LEDGER_PASSWORD)")
    String ledgerPasswordEnv = "CHARTER_LEDGER_PASSWORD";

    HikariDataSource open() {
      String url =
          ledgerUrl != null
              ? ledgerUrl
              // IFEXISTS: a mistyped --data-dir must not create an empty ledger.
              : "jdbc:h2:file:" + dataDir.resolve("ledger").toAbsolutePath() + ";IFEXISTS=TRUE";
      String password = System.getenv(ledgerPasswordEnv);
      try {
        return LedgerDataSources.fromUrl(url, ledgerUser, password == null ? "" : password);
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "cannot open the ledger `"
                + url
                + "` (a running `charter dev` holds its H2 file: use the dev tokens it printed): "
                + e.getMessage(),
            e);
      }
    }
  }

  @Command(
      name = "issue",
      mixinStandardHelpOptions = true,
      description = {
        "Issues an API token bound to a principal and tenant, and prints it once.",
        "The principal needs an entry (tenant, roles) in charter.humans; Cedar decides what it"
            + " may do."
      })
  static final class Issue implements Callable<Integer> {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--principal", required = true, description = "human or service id")
    String principal;

    @Option(names = "--tenant", required = true, description = "the principal's tenant")
    String tenant;

    @Option(names = "--service", description = "a machine caller rather than a human")
    boolean service;

    @Option(
        names = "--ttl",
        defaultValue = "P30D",
        description = "how long it stays valid, ISO-8601 (default ${DEFAULT-VALUE})")
    Duration ttl;

    @Option(names = "--label", defaultValue = "cli", description = "what it is for")
    String label;

    @Mixin Ledger ledger = new Ledger();

    @Override
    public Integer call() {
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("--ttl must be positive, got `" + ttl + "`");
      }
      try (HikariDataSource dataSource = ledger.open()) {
        String token =
            new ApiTokens(dataSource, Clock.systemUTC())
                .issue(
                    principal,
                    service ? ApiTokens.Kind.SERVICE : ApiTokens.Kind.HUMAN,
                    tenant,
                    label,
                    ttl);
        spec.commandLine().getOut().println(token);
        spec.commandLine()
            .getErr()
            .printf(
                "charter token: issued for %s (tenant %s) valid %s; shown once. Revoke with"
                    + " `charter token revoke %s`%n",
                principal, tenant, ttl, ApiTokens.hash(token));
        return 0;
      }
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revokes an API token by its SHA-256 (hex), or by the token itself.")
  static final class Revoke implements Callable<Integer> {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "the token's SHA-256, or the token")
    String token;

    @Mixin Ledger ledger = new Ledger();

    @Override
    public Integer call() {
      String hash = token.startsWith(ApiTokens.PREFIX) ? ApiTokens.hash(token) : token;
      try (HikariDataSource dataSource = ledger.open()) {
        if (!new ApiTokens(dataSource, Clock.systemUTC()).revoke(hash)) {
          spec.commandLine().getErr().println("charter token: no live token " + hash);
          return 1;
        }
        spec.commandLine().getOut().println("revoked " + hash);
        return 0;
      }
    }
  }
}
