package dev.charter.worker.supply;

import dev.charter.policy.BundleRegistry;
import dev.charter.policy.SignedBundleLoader;
import dev.charter.worker.ShippedModelChecks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What this worker runs, known at start (issue 18, {@code docs/supply-chain.md}): its build
 * (commit, SBOM digest), which stamps every task pin. {@code /actuator/info} shows it under {@code
 * charter} beside the checks the concerns made: the shipped models' hashes against their model
 * cards ({@code InferenceConfiguration}, also health {@code modelArtifacts}) and the start bundle's
 * signature ({@code PolicyConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class SupplyChainConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SupplyChainConfiguration.class);

  @Bean
  BuildProvenance buildProvenance() {
    BuildProvenance build = BuildProvenance.ofClasspath();
    log.info(
        "build commit={} dirty={} sbomSha256={} sbomComponents={}",
        build.commit(),
        build.dirty(),
        build.sbomSha256(),
        build.sbomComponents());
    return build;
  }

  @Bean
  InfoContributor charterSupplyChainInfo(
      BuildProvenance buildProvenance,
      ShippedModelChecks shippedModelChecks,
      SignedBundleLoader.SignedBundle startBundle,
      BundleRegistry bundleRegistry) {
    return builder -> {
      Map<String, Object> charter = new LinkedHashMap<>();
      charter.put("build", buildProvenance);
      charter.put("models", shippedModelChecks.byVersion());
      Map<String, Object> policy = new LinkedHashMap<>();
      policy.put("activeBundleId", bundleRegistry.active().bundle().id());
      policy.put("startBundle", startBundle.signature());
      charter.put("policy", policy);
      builder.withDetail("charter", charter);
    };
  }
}
