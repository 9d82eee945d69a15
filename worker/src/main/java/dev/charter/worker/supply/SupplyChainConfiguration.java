package dev.charter.worker.supply;

import dev.charter.model.ModelArtifactCheck;
import dev.charter.model.ModelVersion;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.SignedBundleLoader;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What this worker runs, known and checked at start (issue 18, {@code docs/supply-chain.md}): its
 * build (commit, SBOM digest), the hashes of every shipped model version against its model card,
 * and (from {@code PolicyConfiguration}) the start bundle's signature check. {@code /actuator/info}
 * shows them under {@code charter}; {@code /actuator/health} shows the model check as {@code
 * modelArtifacts}.
 */
@Configuration(proxyBeanMethods = false)
public class SupplyChainConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SupplyChainConfiguration.class);

  /** The model checks made at start, one per shipped version. */
  public record ShippedModelChecks(List<ModelArtifactCheck> checks) {
    public ShippedModelChecks {
      checks = List.copyOf(checks);
    }
  }

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

  /** Every shipped model version, hashed against its card now, without loading it. */
  @Bean
  ShippedModelChecks shippedModelChecks() {
    List<ModelArtifactCheck> checks =
        Arrays.stream(ModelVersion.values()).map(ModelArtifactCheck::ofShipped).toList();
    checks.forEach(
        c ->
            log.info(
                "model artifacts model={} version={} verified={}",
                c.modelId(),
                c.version(),
                c.verified()));
    return new ShippedModelChecks(checks);
  }

  @Bean
  HealthIndicator modelArtifactsHealthIndicator(ShippedModelChecks shippedModelChecks) {
    return () -> {
      boolean all = shippedModelChecks.checks().stream().allMatch(ModelArtifactCheck::verified);
      Health.Builder health = all ? Health.up() : Health.down();
      shippedModelChecks.checks().forEach(c -> health.withDetail(c.version(), describe(c)));
      return health.build();
    };
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
      Map<String, Object> models = new LinkedHashMap<>();
      shippedModelChecks.checks().forEach(c -> models.put(c.version(), describe(c)));
      charter.put("models", models);
      Map<String, Object> policy = new LinkedHashMap<>();
      policy.put("activeBundleId", bundleRegistry.active().bundle().id());
      policy.put("startBundle", startBundle.signature());
      charter.put("policy", policy);
      builder.withDetail("charter", charter);
    };
  }

  private static Map<String, Object> describe(ModelArtifactCheck check) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("modelId", check.modelId());
    out.put("verified", check.verified());
    check
        .artifacts()
        .forEach(
            a ->
                out.put(
                    a.artifact(),
                    Map.of(
                        "recorded", a.recorded(), "actual", a.actual(), "matches", a.matches())));
    return out;
  }
}
