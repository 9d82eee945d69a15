package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The claims of a signed approval token: a compact JWS (Ed25519, {@code alg: EdDSA}) that proves
 * which human answers which approval. The REST API issues one to the authenticated caller; a token
 * of the configured issuer with the same claims does as well.
 *
 * <p>{@link #decode} reads the claims without checking the signature: the approval gate checks it
 * in the Update validator, before the answer enters history, and the Update handler (which also
 * runs on replay, where validators do not) only reads what was already proven.
 *
 * @param issuer {@code iss}
 * @param subject {@code sub}: the human who answers
 * @param audience {@code aud}: must be {@link #AUDIENCE}
 * @param approvalId the approval answered ({@code taskId/step/callIndex})
 * @param argumentsSha256 the argument hash of the call waiting
 * @param bundleHash the policy bundle that asked for the approval
 * @param roles the roles the human held when the token was issued; they only pick the role to
 *     answer in, Cedar decides whether the human may
 * @param jti unique token id: a task accepts each id once
 * @param issuedAt {@code iat}, seconds since the epoch
 * @param expiresAt {@code exp}, seconds since the epoch
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovalToken(
    @JsonProperty("iss") String issuer,
    @JsonProperty("sub") String subject,
    @JsonProperty("aud") String audience,
    @JsonProperty("approvalId") String approvalId,
    @JsonProperty("argumentsSha256") String argumentsSha256,
    @JsonProperty("bundleHash") String bundleHash,
    @JsonProperty("roles") List<String> roles,
    @JsonProperty("jti") String jti,
    @JsonProperty("iat") long issuedAt,
    @JsonProperty("exp") long expiresAt) {

  /** The audience every approval token names. */
  public static final String AUDIENCE = "charter-approval";

  /** The JWS {@code typ} of approval tokens. */
  public static final String TYPE = "charter-approval+jwt";

  /** The longest an approval token may live, in seconds: longer-lived ones are refused. */
  public static final long MAX_LIFETIME_SECONDS = 900;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public ApprovalToken {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /**
   * The claims of a compact JWS, unverified.
   *
   * @throws IllegalArgumentException when it is not three base64url parts with a JSON payload
   */
  public static ApprovalToken decode(String compact) {
    if (compact == null || compact.isBlank()) {
      throw new IllegalArgumentException("approval token: none given");
    }
    String[] parts = compact.trim().split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "approval token: a compact JWS has 3 dot-separated parts, got " + parts.length);
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      return JSON.readValue(new String(payload, StandardCharsets.UTF_8), ApprovalToken.class);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "approval token: payload is not base64url JSON claims: " + e.getMessage(), e);
    }
  }
}
