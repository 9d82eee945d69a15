package dev.charter.starter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code charter.security} binds, with the messages a bad configuration gets. */
class ApiSecurityPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ApiSecurityProperties.class)
  static class Bound {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
          .withUserConfiguration(Bound.class);

  @Test
  void should_accept_no_issuer_with_api_tokens_only() {
    runner.run(
        context -> {
          ApiSecurityProperties security = context.getBean(ApiSecurityProperties.class);
          assertThat(security.jwt().enabled()).isFalse();
          assertThat(security.jwt().principalClaim()).isEqualTo("sub");
          assertThat(security.devTokenTtl()).isEqualTo(Duration.ofDays(7));
        });
  }

  @Test
  void should_refuse_an_issuer_without_an_audience_quoting_the_issuer() {
    runner
        .withPropertyValues("charter.security.jwt.jwk-set-uri=http://127.0.0.1:9/jwks")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("charter.security.jwt.audience is required")
                    .hasMessageContaining("`http://127.0.0.1:9/jwks`"));
  }

  @Test
  void should_refuse_a_dev_token_ttl_that_is_not_positive_quoting_it() {
    assertThatThrownBy(() -> new ApiSecurityProperties(null, Duration.ZERO))
        .hasMessageContaining("dev-token-ttl must be positive, got `PT0S`");
  }
}
