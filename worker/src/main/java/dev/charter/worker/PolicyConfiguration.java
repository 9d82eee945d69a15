package dev.charter.worker;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.authorization.CedarApprovalGate;
import dev.charter.activities.authorization.HumanAuthorizer;
import dev.charter.activities.authorization.HumanDirectory;
import dev.charter.activities.authorization.PolicyAdministration;
import dev.charter.policy.BundleException;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.BundleSignatureException;
import dev.charter.policy.OnPolicyError;
import dev.charter.policy.SignedBundleLoader;
import dev.charter.policy.TrustedAuthors;
import dev.charter.worker.telemetry.GovernanceMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Policies and the humans they name ({@code charter.policy.*}, {@code charter.humans.*}): the
 * bundle registry (the configured bundle active at start; an invalid one stops the worker with the
 * validator's file:line; one not signed by an author trusted for the tenant, or changed since, is
 * refused and the refusal audited), who may do what through Cedar, and the approval gate the
 * workflow's Update validator asks. A {@link HumanDirectory} bean of the user's (their identity
 * provider's people) replaces the configured humans.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PolicyProperties.class)
public class PolicyConfiguration {

  private static final Logger log = LoggerFactory.getLogger(PolicyConfiguration.class);

  /**
   * The configured bundle, its signature checked ({@link #startBundle}), is active at start; others
   * are loaded at run time.
   */
  @Bean
  @ConditionalOnMissingBean
  BundleRegistry bundleRegistry(
      PolicyProperties properties, SignedBundleLoader.SignedBundle startBundle) {
    PolicyProperties.Policy policy = properties.policy();
    return new BundleRegistry(
        startBundle.bundle(),
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
  SignedBundleLoader signedBundleLoader(PolicyProperties properties) {
    PolicyProperties.Policy policy = properties.policy();
    if (PolicyProperties.Policy.DEV_TRUSTED_AUTHORS.equals(policy.trustedAuthors())) {
      log.warn(
          "policy bundles: trusting only the development author key that signs the demo bundle"
              + " (its private key is in the repository); in production set"
              + " charter.policy.trusted-authors to your authors' public keys");
    }
    return new SignedBundleLoader(
        TrustedAuthors.load(policy.trustedAuthors()), policy.signatures());
  }

  /**
   * The configured bundle with its signature checked for the worker's tenant. Refused (and the
   * refusal audited in the {@value PolicyAdministration#LEDGER_ID} chain) when signatures are
   * required and it is unsigned, changed after signing or signed by an untrusted key: the worker
   * does not start on rules nobody vouched for.
   */
  @Bean
  SignedBundleLoader.SignedBundle startBundle(
      PolicyProperties properties, SignedBundleLoader signedBundleLoader, AuditLedger auditLedger)
      throws BundleException {
    PolicyProperties.Policy policy = properties.policy();
    try {
      SignedBundleLoader.SignedBundle signed =
          signedBundleLoader.load(policy.bundle(), policy.tenant());
      log.info(
          "policy bundle location={} bundleId={} signature={} author={}",
          policy.bundle(),
          signed.bundle().id(),
          signed.signature().status(),
          signed.signature().author());
      return signed;
    } catch (BundleSignatureException refused) {
      PolicyAdministration.auditRefusal(auditLedger, refused.check(), "charter.policy.bundle");
      throw refused;
    }
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
      PolicyProperties properties,
      SignedBundleLoader signedBundleLoader) {
    return new PolicyAdministration(
        bundleRegistry,
        humanAuthorizer,
        auditLedger,
        properties.policy().tenant(),
        signedBundleLoader);
  }

  @Bean
  CedarApprovalGate approvalGate(
      BundleRegistry bundleRegistry,
      HumanDirectory humanDirectory,
      org.springframework.beans.factory.ObjectProvider<dev.charter.activities.audit.TrustedKeys>
          ledgerTrustedKeys) {
    // approval tokens are signed by this worker's key (the REST API issues them), or by a key it
    // retired (charter audit rotate-key); without a ledger key no token is trusted and every
    // approval is refused
    return new CedarApprovalGate(
        bundleRegistry,
        humanDirectory,
        ledgerTrustedKeys.stream().flatMap(k -> k.keys().stream()).toList());
  }
}
