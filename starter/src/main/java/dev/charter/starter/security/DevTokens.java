package dev.charter.starter.security;

import dev.charter.activities.authorization.HumanDirectory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local development tokens of {@code charter dev} and {@code charter demo} (embedded Temporal
 * only): one API token per human of the directory, stored hashed like any other and printed once at
 * start, so {@code curl} and the CLI work without an identity provider. Each start revokes the
 * previous start's dev tokens.
 */
public final class DevTokens {

  /** The label dev tokens are issued with. */
  public static final String LABEL = "charter dev";

  private static final Logger log = LoggerFactory.getLogger(DevTokens.class);

  private final Map<String, String> byHuman;

  private DevTokens(Map<String, String> byHuman) {
    this.byHuman = byHuman;
  }

  /** Revokes the previous dev tokens and issues one per human of {@code directory}. */
  public static DevTokens issue(ApiTokens tokens, HumanDirectory directory, Duration ttl) {
    int revoked = tokens.revokeLabelled(LABEL);
    Map<String, String> byHuman = new TreeMap<>();
    directory
        .humans()
        .values()
        .forEach(
            human ->
                byHuman.put(
                    human.id(),
                    tokens.issue(human.id(), ApiTokens.Kind.HUMAN, human.tenant(), LABEL, ttl)));
    log.info(
        "dev tokens issued humans={} ttl={} previousRevoked={} (embedded Temporal only)",
        byHuman.size(),
        ttl,
        revoked);
    return new DevTokens(Map.copyOf(byHuman));
  }

  /**
   * The human's dev token.
   *
   * @throws IllegalArgumentException naming the known humans when {@code humanId} is not one
   */
  public String of(String humanId) {
    String token = byHuman.get(humanId);
    if (token == null) {
      throw new IllegalArgumentException(
          "no dev token for `" + humanId + "`; humans: " + new TreeMap<>(byHuman).keySet());
    }
    return token;
  }

  /** Human id to token, sorted by id. */
  public Map<String, String> all() {
    return new TreeMap<>(byHuman);
  }
}
