package dev.charter.activities.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.activities.audit.Jws;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.contract.ApprovalToken;
import dev.charter.contract.PendingApproval;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Issues and verifies approval tokens ({@link ApprovalToken}): compact JWS ({@code alg: EdDSA},
 * {@code typ: }{@value ApprovalToken#TYPE}) signed with the worker's Ed25519 key through the
 * ledger's {@link Jws}, bound to the approval, the call's argument hash and the bundle that asked,
 * valid {@link #DEFAULT_TTL}, each with a unique {@code jti}. The REST API issues one to the
 * authenticated caller; the Update validator verifies it through {@link CedarApprovalGate}.
 */
public final class ApprovalTokenIssuer {

  /** Short: a token copied out of a history or a log is worth nothing soon. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  /** The {@code iss} of tokens this worker signs. */
  public static final String ISSUER = "charter";

  private final LedgerSigningKey key;
  private final Duration ttl;
  private final Clock clock;

  public ApprovalTokenIssuer(LedgerSigningKey key, Duration ttl, Clock clock) {
    this.key = Objects.requireNonNull(key, "key");
    if (ttl.isNegative() || ttl.isZero() || ttl.toSeconds() > ApprovalToken.MAX_LIFETIME_SECONDS) {
      throw new IllegalArgumentException(
          "approval token lifetime must be positive and at most "
              + ApprovalToken.MAX_LIFETIME_SECONDS
              + "s, got "
              + ttl);
    }
    this.ttl = ttl;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public ApprovalTokenIssuer(LedgerSigningKey key) {
    this(key, DEFAULT_TTL, Clock.systemUTC());
  }

  /**
   * A token proving that {@code human}, holding {@code roles}, answers {@code pending}. Whether
   * they may answer is decided later, by Cedar in the Update validator.
   */
  public String issue(String human, Collection<String> roles, PendingApproval pending) {
    if (human == null || human.isBlank()) {
      throw new IllegalArgumentException("an approval token names a human, got none");
    }
    long now = clock.instant().getEpochSecond();
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    claims.put("iss", ISSUER);
    claims.put("sub", human);
    claims.put("aud", ApprovalToken.AUDIENCE);
    claims.put("approvalId", pending.approvalId());
    claims.put("argumentsSha256", pending.argumentsSha256());
    String bundle = pending.verdict() == null ? null : pending.verdict().activeBundleHash();
    if (bundle != null) {
      claims.put("bundleHash", bundle);
    }
    roles.stream().sorted().forEach(claims.putArray("roles")::add);
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("iat", now);
    claims.put("exp", now + ttl.toSeconds());
    return Jws.sign(key, ApprovalToken.TYPE, claims);
  }

  /**
   * Checks that {@code compact} is an approval token signed by one of {@code trusted}: the
   * signature and {@code typ} only (a permit or receipt of the same key never passes as one); the
   * workflow checks the claims.
   *
   * @return null when it is, else why not
   */
  public static String verify(String compact, List<PublicKey> trusted) {
    if (compact == null || compact.isBlank()) {
      return "no token";
    }
    String[] parts = compact.trim().split("\\.", -1);
    if (parts.length != 3) {
      return "not a compact JWS (3 dot-separated parts)";
    }
    String typ;
    try {
      JsonNode header =
          new ObjectMapper()
              .readTree(
                  new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      typ = header.path("typ").asText(null);
    } catch (Exception e) {
      return "header is not base64url JSON";
    }
    if (!ApprovalToken.TYPE.equals(typ)) {
      return "header `typ` is `" + typ + "`, not `" + ApprovalToken.TYPE + "`";
    }
    String last = "no approval token issuer is trusted";
    for (PublicKey key : trusted) {
      try {
        Jws.verify(compact, key);
        return null;
      } catch (IllegalArgumentException e) {
        last = e.getMessage();
      }
    }
    return last;
  }
}
