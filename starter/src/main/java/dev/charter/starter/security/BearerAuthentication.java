package dev.charter.starter.security;

import dev.charter.activities.authorization.HumanDirectory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates a bearer token: an API token ({@code ct_...}) against its stored hash, anything
 * else as a JWT of the configured issuer (Spring Security's resource server: signature by the
 * issuer's JWKS, expiry, issuer, audience). An API token authenticates only while its principal is
 * in the directory with the token's tenant.
 */
final class BearerAuthentication implements AuthenticationManager {

  private final ApiTokens tokens;
  private final HumanDirectory directory;
  private final AuthenticationProvider jwt;

  /**
   * @param jwt authenticates JWTs; null when no issuer is configured
   */
  BearerAuthentication(ApiTokens tokens, HumanDirectory directory, AuthenticationProvider jwt) {
    this.tokens = tokens;
    this.directory = directory;
    this.jwt = jwt;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String token = ((BearerTokenAuthenticationToken) authentication).getToken();
    if (token.startsWith(ApiTokens.PREFIX)) {
      ApiTokens.ApiToken bound =
          tokens
              .find(token)
              .orElseThrow(
                  () -> new InvalidBearerTokenException("unknown, expired or revoked API token"));
      HumanDirectory.Human human = directory.find(bound.principal()).orElse(null);
      if (human == null || !human.tenant().equals(bound.tenant())) {
        throw new InvalidBearerTokenException(
            "API token of `"
                + bound.principal()
                + "` (tenant `"
                + bound.tenant()
                + "`) names no principal of that tenant in the directory");
      }
      return new ApiTokenAuthentication(bound);
    }
    if (jwt == null) {
      throw new InvalidBearerTokenException(
          "not a Charter API token (ct_...), and no JWT issuer is configured"
              + " (charter.security.jwt)");
    }
    return jwt.authenticate(authentication);
  }
}
