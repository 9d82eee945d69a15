package dev.charter.starter.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.LedgerDataSources;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a CLI command reaches the ledger database without a running Charter: the H2 file of a data
 * directory, or {@code --ledger-url}. Mixed into {@code charter audit} and {@code charter token};
 * the data directory stays the command's own option, as its help says what else lives there.
 */
final class LedgerOptions {

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

  /** {@code --ledger-url}, else the H2 ledger file in {@code dataDir}. */
  String url(Path dataDir) {
    return ledgerUrl != null
        ? ledgerUrl
        // IFEXISTS: a mistyped --data-dir must not create an empty ledger.
        : "jdbc:h2:file:" + dataDir.resolve("ledger").toAbsolutePath() + ";IFEXISTS=TRUE";
  }

  /**
   * Opens the ledger database.
   *
   * @param dataDir the command's {@code --data-dir}
   * @param whenLocked what the user can do instead when a running process holds the H2 file
   * @throws IllegalStateException naming the URL and why it did not open
   */
  HikariDataSource open(Path dataDir, String whenLocked) {
    String url = url(dataDir);
    String password = System.getenv(ledgerPasswordEnv);
    try {
      return LedgerDataSources.fromUrl(url, ledgerUser, password == null ? "" : password);
    } catch (RuntimeException e) {
      String message = rootMessage(e);
      if (message.contains("is locked") || message.contains("already in use")) {
        throw new IllegalStateException(
            "the ledger `"
                + url
                + "` is open in a running worker (H2 allows one process per file); "
                + whenLocked,
            e);
      }
      throw new IllegalStateException("cannot open the ledger `" + url + "`: " + message, e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }
}
