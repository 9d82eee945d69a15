package dev.charter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.authorization.HumanAuthorizer;
import dev.charter.activities.authorization.HumanDirectory;
import dev.charter.policy.BundleRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The policy concern: the shipped bundle through real Cedar, the humans it names, the checks. */
class PolicyConfigurationTest {

  private static AuditLedger ledger() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:policy-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    AuditLedger.migrate(dataSource);
    return new AuditLedger(dataSource);
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(PolicyConfiguration.class)
          .withBean(AuditLedger.class, PolicyConfigurationTest::ledger)
          .withPropertyValues(
              "charter.humans.[dana.lead].tenant=acme-shop",
              "charter.humans.[dana.lead].roles=support_lead",
              "charter.humans.[pat.admin].tenant=acme-shop",
              "charter.humans.[pat.admin].roles=policy_admin");

  @Test
  void should_activate_the_configured_bundle_and_let_cedar_decide_for_configured_humans() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(BundleRegistry.class).active().bundle().id()).isNotBlank();
          HumanAuthorizer humans = context.getBean(HumanAuthorizer.class);
          assertThat(humans.knows("dana.lead")).isTrue();
          assertThat(humans.decide("pat.admin", "manage_policy", "t-1", "acme-shop").allowed())
              .isTrue();
          assertThat(humans.decide("dana.lead", "manage_policy", "t-1", "acme-shop").allowed())
              .isFalse();
        });
  }

  @Test
  void should_bind_the_compose_stacks_metrics_scraper_from_the_environment_with_metrics_only() {
    // docker-compose.yml gives the Prometheus principal this way; Cedar lets it read metrics only
    runner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            // named as Spring names the real environment, so env-var mapping
                            // applies
                            "compose-systemEnvironment",
                            Map.of(
                                "CHARTER_HUMANS_PROMETHEUS_TENANT", "acme-shop",
                                "CHARTER_HUMANS_PROMETHEUS_ROLES", "metrics_scraper"))))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              HumanAuthorizer humans = context.getBean(HumanAuthorizer.class);
              assertThat(humans.knows("prometheus")).isTrue();
              assertThat(
                      humans
                          .decide("prometheus", "view_metrics", "_metrics", "acme-shop")
                          .allowed())
                  .isTrue();
              assertThat(
                      humans
                          .decide("prometheus", "view_metrics", "_metrics", "other-shop")
                          .allowed())
                  .isFalse();
              for (String other : List.of("view_health_details", "view_audit", "view_routes")) {
                assertThat(humans.decide("prometheus", other, "_metrics", "acme-shop").allowed())
                    .as(other)
                    .isFalse();
              }
            });
  }

  @Test
  void should_use_a_users_human_directory_instead_of_the_configured_humans() {
    HumanDirectory own =
        new HumanDirectory(
            Map.of("idp.lead", new HumanDirectory.Human("idp.lead", "acme-shop", List.of())));
    runner
        .withBean("idpDirectory", HumanDirectory.class, () -> own)
        .run(
            context -> {
              assertThat(context.getBean(HumanAuthorizer.class).knows("idp.lead")).isTrue();
              assertThat(context.getBean(HumanAuthorizer.class).knows("dana.lead")).isFalse();
            });
  }

  @Test
  void should_refuse_a_bundle_directory_that_does_not_exist_naming_it() {
    runner
        .withPropertyValues("charter.policy.bundle=/no/such/bundle")
        .run(context -> BindFailure.of(context).contains("/no/such/bundle"));
  }

  @Test
  void should_refuse_a_blank_tenant_quoting_it() {
    runner
        .withPropertyValues("charter.policy.tenant=")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("'policy.tenant'")
                    .contains("must name a tenant, got ``"));
  }

  @Test
  void should_refuse_a_human_without_a_tenant_naming_them() {
    runner
        .withPropertyValues("charter.humans.[sam.agent].roles=support_agent")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("humans[sam.agent].tenant")
                    .contains("must name the human's tenant, got ``"));
  }
}
