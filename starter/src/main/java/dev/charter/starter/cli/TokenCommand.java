package dev.charter.starter.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.charter.starter.security.ApiTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
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

  /** Where the ledger database is: the data directory as token's help names it, and the rest. */
  static final class Ledger {
    @Option(
        names = "--data-dir",
        description = "data directory of the H2 ledger (default ~/.charter/data)")
    Path dataDir = Path.of(System.getProperty("user.home"), ".charter", "data");

    @Mixin LedgerOptions options = new LedgerOptions();

    HikariDataSource open() {
      return options.open(dataDir, "use the dev tokens `charter dev` printed");
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

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description =
            "write the token to FILE (owner-only, replaced whole) instead of printing it, e.g. for"
                + " a scraper's credentials file")
    Path out;

    @Option(
        names = "--out-mode",
        paramLabel = "MODE",
        defaultValue = "600",
        description =
            "permissions of the --out file, octal (default ${DEFAULT-VALUE}: owner only); e.g. 644"
                + " when a scraper running as another user reads it from a volume only it mounts")
    String outMode;

    @Mixin Ledger ledger = new Ledger();

    @Override
    public Integer call() {
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("--ttl must be positive, got `" + ttl + "`");
      }
      // checked before a token exists, so a bad mode issues nothing
      Set<PosixFilePermission> mode = permissions(outMode);
      try (HikariDataSource dataSource = ledger.open()) {
        String token =
            new ApiTokens(dataSource, Clock.systemUTC())
                .issue(
                    principal,
                    service ? ApiTokens.Kind.SERVICE : ApiTokens.Kind.HUMAN,
                    tenant,
                    label,
                    ttl);
        if (out == null) {
          spec.commandLine().getOut().println(token);
        } else {
          writeSecret(out, token + "\n", mode);
        }
        spec.commandLine()
            .getErr()
            .printf(
                "charter token: issued for %s (tenant %s) valid %s; %s. Revoke with"
                    + " `charter token revoke %s`%n",
                principal,
                tenant,
                ttl,
                out == null ? "shown once" : "written to " + out,
                ApiTokens.hash(token));
        return 0;
      }
    }
  }

  /** {@code mode} (octal, e.g. {@code 600}) as POSIX permissions; no execute or special bits. */
  static Set<PosixFilePermission> permissions(String mode) {
    if (mode == null || !mode.matches("0?[0-7]{3}")) {
      throw new IllegalArgumentException(
          "--out-mode must be three octal digits like 600 or 644, got `" + mode + "`");
    }
    String digits = mode.substring(mode.length() - 3);
    StringBuilder symbolic = new StringBuilder();
    for (char digit : digits.toCharArray()) {
      int bits = digit - '0';
      if ((bits & 1) != 0) {
        throw new IllegalArgumentException(
            "--out-mode `" + mode + "` makes a token file executable; use read/write bits only");
      }
      symbolic.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append('-');
    }
    return PosixFilePermissions.fromString(symbolic.toString());
  }

  /**
   * Writes {@code text} to {@code file} whole or not at all: a temporary file beside it (created
   * owner-only, as {@link Files#createTempFile} does on POSIX file systems), given {@code
   * permissions} and moved over it.
   */
  static void writeSecret(Path file, String text, Set<PosixFilePermission> permissions) {
    Path absolute = file.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
      Path partial = Files.createTempFile(absolute.getParent(), ".token-", ".tmp");
      try {
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        try {
          Files.setPosixFilePermissions(partial, permissions);
        } catch (UnsupportedOperationException notPosix) {
          // no POSIX permissions here (e.g. Windows): the file keeps its folder's access rules
        }
        Files.move(
            partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token to `" + file + "`: " + e, e);
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
