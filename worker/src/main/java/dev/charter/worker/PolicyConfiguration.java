package dev.charter.worker;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.authorization.CedarApprovalGate;
import dev.charter.activities.authorization.HumanAuthorizer;
import dev.charter.activities.authorization.HumanDirectory;
import dev.charter.activities.authorization.PolicyAdministration;
import dev.charter.policy.BundleException;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.OnPolicyError;
import dev.charter.policy.PolicyBundle;
import dev.charter.worker.telemetry.GovernanceMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Policies and the humans they name ({@code charter.policy.*}, {@code charter.humans.*}): the
 * bundle registry (the configured bundle active at start; an invalid one stops the worker with the
 * validator's file:line), who may do what through Cedar, and the approval gate the workflow's
 * Update validator asks. A {@link HumanDirectory} bean of the user's (their identity provider's
 * people) replaces the configured humans.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PolicyProperties.class)
public class PolicyConfiguration {

  /** The configured bundle is active at start; others are loaded at run time. */
  @Bean
  @ConditionalOnMissingBean
  BundleRegistry bundleRegistry(PolicyProperties properties) throws BundleException {
    PolicyProperties.Policy policy = properties.policy();
    return new BundleRegistry(
        PolicyBundle.loadLocation(policy.bundle()),
        OnPolicyError.parse(policy.onPolicyError()),
        policy.maxCachedEntries());
  }

  /** The bounded native cache of the policy engines, as a gauge. */
  @Bean
  MeterBinder policyNativeCacheGauge(BundleRegistry bundleRegistry) {
    return registry ->
        Gauge.builder(
                GovernanceMetrics.POLICY_NATIVE_CACHE,
                bundleRegistry,
                BundleRegistry::cachedEntries)
            .description("Cedar policy sets and schemas cached natively by the bundle registry")
            .register(registry);
  }

  @Bean
  @ConditionalOnMissingBean
  HumanDirectory humanDirectory(PolicyProperties properties) {
    Map<String, HumanDirectory.Human> humans = new LinkedHashMap<>();
    properties
        .humans()
        .forEach((id, h) -> humans.put(id, new HumanDirectory.Human(id, h.tenant(), h.roles())));
    return new HumanDirectory(humans);
  }

  @Bean
  HumanAuthorizer humanAuthorizer(BundleRegistry bundleRegistry, HumanDirectory humanDirectory) {
    return new HumanAuthorizer(bundleRegistry, humanDirectory);
  }

  @Bean
  PolicyAdministration policyAdministration(
      BundleRegistry bundleRegistry,
      HumanAuthorizer humanAuthorizer,
      AuditLedger auditLedger,
      PolicyProperties properties) {
    return new PolicyAdministration(
        bundleRegistry, humanAuthorizer, auditLedger, properties.policy().tenant());
  }

  @Bean
  CedarApprovalGate approvalGate(BundleRegistry bundleRegistry, HumanDirectory humanDirectory) {
    return new CedarApprovalGate(bundleRegistry, humanDirectory);
  }
}
