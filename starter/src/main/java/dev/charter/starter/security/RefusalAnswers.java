package dev.charter.starter.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.contract.AuditFact;
import dev.charter.starter.api.ApiErrors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The refusals Spring Security decides before a handler runs (no, bad or expired token: 401;
 * authorization of an actuator endpoint refused: 403): RFC 9457 problem details like every error of
 * the API, each recorded in the {@link AccessChain}. The token never appears in either.
 */
final class RefusalAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final AccessChain chain;
  private final ObjectMapper json;
  private final BearerTokenAuthenticationEntryPoint bearer =
      new BearerTokenAuthenticationEntryPoint();

  RefusalAnswers(AccessChain chain, ObjectMapper json) {
    this.chain = chain;
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    // Sets 401 and the RFC 6750 WWW-Authenticate challenge.
    bearer.commence(request, response, e);
    String token = bearerToken(request);
    String reason =
        token == null
            ? "no bearer token: send `Authorization: Bearer <token>`"
            : redact(String.valueOf(e.getMessage()), token);
    answer(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated", null, reason);
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    Principal caller = request.getUserPrincipal();
    answer(
        request,
        response,
        HttpStatus.FORBIDDEN,
        "forbidden",
        caller == null ? null : caller.getName(),
        request.getAttribute(SecurityConfiguration.REASON_ATTRIBUTE) instanceof String reason
            ? reason
            : String.valueOf(e.getMessage()));
  }

  private void answer(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String type,
      String principal,
      String reason)
      throws IOException {
    Object action = request.getAttribute(RouteAuthorization.ACTION_ATTRIBUTE);
    chain.refused(
        new AuditFact.AccessRefused(
            request.getMethod(),
            request.getRequestURI(),
            principal,
            action == null ? null : action.toString(),
            status.value(),
            reason));
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, reason);
    problem.setType(URI.create(ApiErrors.TYPE_BASE + type));
    problem.setTitle(status.getReasonPhrase());
    problem.setInstance(URI.create(request.getRequestURI()));
    if (status == HttpStatus.UNAUTHORIZED) {
      problem.setProperty(
          "errors", List.of(new ApiErrors.FieldError(HttpHeaders.AUTHORIZATION, reason)));
    }
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }

  /** The bearer token of the request, to keep it out of what is written; null when none. */
  private static String bearerToken(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header == null || header.isBlank() ? null : header;
    }
    return header.substring(7).trim();
  }

  static String redact(String text, String token) {
    return token == null || token.isEmpty() ? text : text.replace(token, "<token>");
  }
}
