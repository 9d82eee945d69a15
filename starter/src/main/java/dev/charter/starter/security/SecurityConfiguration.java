package dev.charter.starter.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.authorization.HumanAuthorizer;
import dev.charter.activities.authorization.HumanDirectory;
import dev.charter.client.TaskNotFoundException;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.TaskGateway;
import dev.charter.worker.PolicyProperties;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call the REST API: every request is authenticated by a bearer token (an API token or a
 * JWT of the configured issuer, {@link BearerAuthentication}), then every route is authorized by
 * Cedar ({@link RouteAuthorization} for the API's handlers, the filter chain for the actuator).
 * Stateless: no session, no cookie, so no CSRF token either. Every 401 and 403 is a problem detail
 * recorded in the {@link AccessChain}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class SecurityConfiguration implements WebMvcConfigurer {

  /** Request attribute: why an actuator call was refused, for the access chain. */
  static final String REASON_ATTRIBUTE = SecurityConfiguration.class.getName() + ".reason";

  /**
   * The dashboard runs only its own script and talks only to this origin: an injected tag could
   * neither run inline code nor send a token elsewhere.
   */
  static final String DASHBOARD_CONTENT_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

  private final ObjectProvider<RouteAuthorization> routeAuthorization;

  public SecurityConfiguration(ObjectProvider<RouteAuthorization> routeAuthorization) {
    this.routeAuthorization = routeAuthorization;
  }

  @Bean
  ApiTokens apiTokens(HikariDataSource ledgerDataSource) {
    return new ApiTokens(ledgerDataSource, Clock.systemUTC());
  }

  @Bean
  AccessChain accessChain(AuditLedger ledger) {
    return new AccessChain(ledger);
  }

  /** Tokens per demo human, only with an embedded (dev) Temporal. */
  @Bean
  @ConditionalOnProperty(name = "charter.temporal.embedded", havingValue = "true")
  DevTokens devTokens(ApiTokens tokens, HumanDirectory directory, ApiSecurityProperties security) {
    return DevTokens.issue(tokens, directory, security.devTokenTtl());
  }

  @Bean
  RouteAuthorization routeAuthorization(
      HumanAuthorizer humans, TaskGateway tasks, PolicyProperties policy) {
    return new RouteAuthorization(
        humans, taskId -> tenantOf(tasks, taskId), policy.policy().tenant());
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(routeAuthorization.getObject());
  }

  /** Refuses to start when a route of the table has no Cedar action. */
  @Bean
  ApplicationListener<ContextRefreshedEvent> routeTableCheck() {
    return event -> {
      var mappings =
          event.getApplicationContext().getBeansOfType(RequestMappingHandlerMapping.class).values();
      for (RequestMappingHandlerMapping mapping : mappings) {
        Map<RequestMappingInfo, HandlerMethod> routes = mapping.getHandlerMethods();
        List<String> problems = RouteActions.problems(routes);
        if (!problems.isEmpty()) {
          throw new IllegalStateException(
              "unguarded REST routes (add @CedarAction): " + String.join("; ", problems));
        }
      }
    };
  }

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      ApiSecurityProperties security,
      ApiTokens tokens,
      HumanDirectory directory,
      HumanAuthorizer humans,
      PolicyProperties policy,
      AccessChain chain,
      ObjectMapper json)
      throws Exception {
    RefusalAnswers refusals = new RefusalAnswers(chain, json);
    BearerAuthentication bearer =
        new BearerAuthentication(tokens, directory, jwtAuthentication(security.jwt()));
    String tenant = policy.policy().tenant();
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .cors(Customizer.withDefaults())
        .requestCache(cache -> cache.disable())
        .formLogin(form -> form.disable())
        .httpBasic(basic -> basic.disable())
        .logout(logout -> logout.disable())
        .headers(
            headers ->
                headers.addHeaderWriter(
                    new DelegatingRequestMatcherHeaderWriter(
                        PathPatternRequestMatcher.withDefaults()
                            .matcher(RouteActions.DASHBOARD + "**"),
                        new StaticHeadersWriter(
                            "Content-Security-Policy", DASHBOARD_CONTENT_POLICY))))
        .authorizeHttpRequests(
            requests ->
                requests
                    // Spring Boot's error page renders what another dispatch already decided.
                    .requestMatchers("/error")
                    .permitAll()
                    // The dashboard's static files hold no data: its script calls this API with
                    // the user's bearer token. No handler may answer there (RouteActions).
                    .requestMatchers(HttpMethod.GET, RouteActions.DASHBOARD + "**")
                    .permitAll()
                    // The bare status answers probes without a token; with one, Cedar decides and
                    // the details show.
                    .requestMatchers("/actuator/health")
                    .access(cedar(humans, "view_health_details", "_health", tenant, true))
                    .requestMatchers("/actuator/prometheus")
                    .access(cedar(humans, "view_metrics", "_metrics", tenant, false))
                    .requestMatchers("/actuator/**")
                    .access(cedar(humans, "view_health_details", "_health", tenant, false))
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(
            resource ->
                resource
                    .authenticationManagerResolver(request -> bearer)
                    .authenticationEntryPoint(refusals)
                    .accessDeniedHandler(refusals))
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(refusals).accessDeniedHandler(refusals));
    return http.build();
  }

  /** JWTs of the configured issuer, or null when none is. */
  static JwtAuthenticationProvider jwtAuthentication(ApiSecurityProperties.Jwt jwt) {
    if (!jwt.enabled()) {
      return null;
    }
    OAuth2TokenValidator<Jwt> audience =
        new JwtClaimValidator<List<String>>(
            JwtClaimNames.AUD, aud -> aud != null && aud.contains(jwt.audience()));
    OAuth2TokenValidator<Jwt> validator =
        new DelegatingOAuth2TokenValidator<>(
            jwt.issuerUri() == null || jwt.issuerUri().isBlank()
                ? JwtValidators.createDefault()
                : JwtValidators.createDefaultWithIssuer(jwt.issuerUri()),
            audience);
    Supplier<JwtDecoder> decoder =
        () -> {
          NimbusJwtDecoder nimbus =
              jwt.jwkSetUri() == null || jwt.jwkSetUri().isBlank()
                  ? (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(jwt.issuerUri())
                  : NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).build();
          nimbus.setJwtValidator(validator);
          return nimbus;
        };
    JwtAuthenticationProvider provider =
        new JwtAuthenticationProvider(new SupplierJwtDecoder(decoder));
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setPrincipalClaimName(jwt.principalClaim());
    provider.setJwtAuthenticationConverter(converter);
    return provider;
  }

  private static AuthorizationManager<RequestAuthorizationContext> cedar(
      HumanAuthorizer humans,
      String action,
      String resource,
      String tenant,
      boolean anonymousAllowed) {
    return (authentication, context) -> {
      Authentication caller = authentication.get();
      context.getRequest().setAttribute(RouteAuthorization.ACTION_ATTRIBUTE, action);
      if (caller == null
          || caller instanceof AnonymousAuthenticationToken
          || !caller.isAuthenticated()) {
        // Anonymous: 401 from the entry point unless the bare status is public.
        return new AuthorizationDecision(anonymousAllowed);
      }
      HumanAuthorizer.Answer answer = humans.decide(caller.getName(), action, resource, tenant);
      if (!answer.allowed()) {
        context.getRequest().setAttribute(REASON_ATTRIBUTE, answer.reason());
      }
      return new AuthorizationDecision(answer.allowed());
    };
  }

  /** A task's tenant from its pin; empty when there is no such task (yet). */
  private static Optional<String> tenantOf(TaskGateway tasks, String taskId) {
    try {
      TaskStatus status = tasks.status(taskId);
      return status.pin() == null ? Optional.empty() : Optional.ofNullable(status.pin().tenant());
    } catch (WorkflowNotFoundException | TaskNotFoundException e) {
      return Optional.empty();
    }
  }
}
