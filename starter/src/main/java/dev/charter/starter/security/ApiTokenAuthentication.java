package dev.charter.starter.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A caller authenticated by an API token: its name is the token's principal. The token is not kept,
 * only its binding.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  private final ApiTokens.ApiToken token;

  ApiTokenAuthentication(ApiTokens.ApiToken token) {
    super(List.of());
    this.token = token;
    setAuthenticated(true);
  }

  @Override
  public String getName() {
    return token.principal();
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Object getPrincipal() {
    return token.principal();
  }

  /** The token's binding (principal, tenant, expiry; its hash, never the token). */
  public ApiTokens.ApiToken token() {
    return token;
  }
}
