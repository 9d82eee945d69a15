package dev.charter.activities.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.activities.audit.Jws;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.ToolCall;
import io.temporal.failure.ApplicationFailure;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Permits: the authorization stage's proof that Cedar allowed exactly one effect. A permit is a
 * compact JWS ({@code alg: EdDSA}, {@code typ: }{@value #TYP}) signed with the worker's Ed25519 key
 * through the ledger's {@link Jws}, bound to the task, step, call index, idempotency key, tool,
 * target, argument hash and the verdict, and valid for a short while ({@link #DEFAULT_TTL}).
 *
 * <p>The tools verify it before they act ({@link #check}); without a valid one they refuse with a
 * non-retryable {@value #FAILURE_TYPE}. So an {@code Execute} or {@code Compensate} activity
 * scheduled by any other workflow or client, with no permit, a forged one, one for other arguments
 * or an expired one, does nothing.
 *
 * <p>An expired permit that is otherwise valid still reads back the recorded result of the effect
 * it once allowed (a Temporal retry after a lost completion): it never causes a new effect.
 */
public final class ToolPermits {

  /**
   * The JWS {@code typ} of permits; a receipt or checkpoint of the same key never passes as one.
   */
  public static final String TYP = "charter.tool-permit+jws";

  /** The failure type every refused permit is thrown with. */
  public static final String FAILURE_TYPE = "PermitInvalid";

  /**
   * Long enough for the tool activity's retries (ActivityPlans.TOOLS: 10 attempts, at most 10 s
   * apart) to begin; short enough that a permit copied out of a history is worth nothing soon.
   */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  /**
   * What an effect is: an agent tool's call or a compensation; a permit of one is not the other.
   */
  public enum Kind {
    TOOL("tool"),
    COMPENSATION("compensation");

    private final String claim;

    Kind(String claim) {
      this.claim = claim;
    }
  }

  private final LedgerSigningKey signingKey;
  private final PublicKey verifyingKey;
  private final Duration ttl;
  private final Clock clock;

  private ToolPermits(
      LedgerSigningKey signingKey, PublicKey verifyingKey, Duration ttl, Clock clock) {
    this.signingKey = signingKey;
    this.verifyingKey = Objects.requireNonNull(verifyingKey, "verifyingKey");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("permit lifetime must be positive, got " + ttl);
    }
    this.ttl = ttl;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Issues and checks permits with {@code key}, each valid for {@code ttl} from issue. */
  public static ToolPermits of(LedgerSigningKey key, Duration ttl, Clock clock) {
    return new ToolPermits(key, key.publicKey(), ttl, clock);
  }

  /**
   * Issues and checks permits with {@code key}, valid {@link #DEFAULT_TTL}, on the system clock.
   */
  public static ToolPermits of(LedgerSigningKey key) {
    return of(key, DEFAULT_TTL, Clock.systemUTC());
  }

  /** Checks permits signed by the holder of {@code publicKey}; issues none. */
  public static ToolPermits verifier(PublicKey publicKey, Clock clock) {
    return new ToolPermits(null, publicKey, DEFAULT_TTL, clock);
  }

  /**
   * The permit for {@code call} run under {@code idempotencyKey}, allowed by {@code verdict}.
   *
   * @param callIndex the call's position in its step's decision; -1 for a compensation
   * @throws IllegalArgumentException if the verdict is not ALLOW, or this instance only verifies
   */
  public String issue(
      Kind kind,
      String taskId,
      int step,
      int callIndex,
      String idempotencyKey,
      ToolCall call,
      PolicyVerdict verdict) {
    if (signingKey == null) {
      throw new IllegalStateException("this ToolPermits only verifies; it holds no signing key");
    }
    if (verdict.outcome() != Outcome.ALLOW) {
      throw new IllegalArgumentException(
          "a permit is issued only on ALLOW, the verdict on `"
              + call.tool()
              + "` is "
              + verdict.outcome());
    }
    long now = clock.instant().getEpochSecond();
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    claims.put("iss", "charter");
    claims.put("permitVersion", 1);
    claims.put("kind", kind.claim);
    claims.put("taskId", taskId);
    claims.put("step", step);
    claims.put("callIndex", callIndex);
    claims.put("idempotencyKey", idempotencyKey);
    claims.put("tool", call.tool());
    claims.put("target", call.target());
    claims.put("argumentsSha256", call.argumentsSha256());
    claims.put("verdict", verdict.outcome().name());
    claims.put("bundleHash", verdict.bundleHash());
    claims.put("iat", now);
    claims.put("exp", now + ttl.toSeconds());
    return Jws.sign(signingKey, TYP, claims);
  }

  /**
   * Checks that {@code permit} allows {@code call} under {@code idempotencyKey} as a {@code kind}
   * effect (and, for tools, of {@code taskId}).
   *
   * @param taskId the invocation's task; null for a compensation, whose key names its task
   * @return whether the permit has expired: then it may only read back a recorded result
   * @throws ApplicationFailure non-retryable {@value #FAILURE_TYPE}, saying what is wrong
   */
  public Validity check(
      String permit, Kind kind, String taskId, String idempotencyKey, ToolCall call) {
    String what = "`" + call.tool() + "` under key `" + idempotencyKey + "`";
    if (permit == null || permit.isBlank()) {
      throw refused(what + " carries no permit; only the authorization stage issues them");
    }
    JsonNode claims;
    try {
      claims = Jws.verify(permit, verifyingKey);
    } catch (IllegalArgumentException e) {
      throw refused(what + ": permit rejected: " + e.getMessage());
    }
    expect(what, claims, "iss", "charter");
    expect(what, claims, "kind", kind.claim);
    expect(what, claims, "verdict", Outcome.ALLOW.name());
    expect(what, claims, "idempotencyKey", idempotencyKey);
    if (taskId != null) {
      expect(what, claims, "taskId", taskId);
    }
    expect(what, claims, "tool", call.tool());
    expect(what, claims, "target", call.target());
    expect(what, claims, "argumentsSha256", call.argumentsSha256());
    JsonNode exp = claims.get("exp");
    if (exp == null || !exp.canConvertToLong()) {
      throw refused(what + ": permit has no expiry");
    }
    return clock.instant().getEpochSecond() >= exp.asLong() ? Validity.EXPIRED : Validity.VALID;
  }

  /** A checked permit: valid, or valid but expired (it may read back, never act). */
  public enum Validity {
    VALID,
    EXPIRED
  }

  /** The failure of a permit that is expired, where acting anew would need a live one. */
  public static ApplicationFailure expired(String tool, String idempotencyKey) {
    return refused(
        "`"
            + tool
            + "` under key `"
            + idempotencyKey
            + "`: permit expired before the tool acted; authorize the call again");
  }

  private static void expect(String what, JsonNode claims, String claim, String wanted) {
    JsonNode found = claims.get(claim);
    String actual = found == null || found.isNull() ? null : found.asText();
    if (!Objects.equals(wanted, actual)) {
      throw refused(
          what
              + ": permit is for "
              + claim
              + " `"
              + actual
              + "`, not `"
              + wanted
              + "`; a permit allows exactly the call it was issued for");
    }
  }

  private static ApplicationFailure refused(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FAILURE_TYPE);
  }
}
