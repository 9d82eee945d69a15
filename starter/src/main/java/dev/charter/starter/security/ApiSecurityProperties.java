package dev.charter.starter.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How REST callers authenticate, under {@code charter.security}. API tokens ({@code ct_...}, stored
 * hashed in the ledger database) always work; bearer JWTs work when an issuer is configured.
 *
 * @param jwt the OAuth2/OIDC issuer whose JWTs the API accepts; none when both URIs are unset
 * @param devTokenTtl how long the tokens {@code charter dev} issues per demo human stay valid
 */
@ConfigurationProperties("charter.security")
public record ApiSecurityProperties(Jwt jwt, @DefaultValue("7d") Duration devTokenTtl) {

  public ApiSecurityProperties {
    jwt = jwt == null ? new Jwt(null, null, null, null) : jwt;
    if (devTokenTtl == null || devTokenTtl.isNegative() || devTokenTtl.isZero()) {
      throw new IllegalArgumentException(
          "charter.security.dev-token-ttl must be positive, got `" + devTokenTtl + "`");
    }
  }

  /**
   * An OAuth2/OIDC issuer (resource-server mode).
   *
   * @param issuerUri the issuer; a JWT's {@code iss} must equal it. Alone, its JWKS is found by
   *     OIDC discovery on first use
   * @param jwkSetUri where the issuer's signing keys are (JWKS); checked without discovery
   * @param audience the API's audience: a JWT's {@code aud} must contain it. Required with an
   *     issuer
   * @param principalClaim the claim holding the caller's human id (default {@code sub})
   */
  public record Jwt(String issuerUri, String jwkSetUri, String audience, String principalClaim) {

    public Jwt {
      principalClaim = blank(principalClaim) ? "sub" : principalClaim;
      if (!blank(issuerUri) || !blank(jwkSetUri)) {
        if (blank(audience)) {
          throw new IllegalArgumentException(
              "charter.security.jwt.audience is required with an issuer (issuer-uri `"
                  + issuerUri
                  + "`, jwk-set-uri `"
                  + jwkSetUri
                  + "`): a token minted for another API must not pass here");
        }
      }
    }

    /** Whether JWTs are accepted at all. */
    public boolean enabled() {
      return !blank(issuerUri) || !blank(jwkSetUri);
    }

    private static boolean blank(String value) {
      return value == null || value.isBlank();
    }
  }
}
