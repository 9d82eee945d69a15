package dev.charter.worker;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.inference.CanaryRoutes;
import dev.charter.activities.inference.ChatBackends;
import dev.charter.activities.inference.ChatSettings;
import dev.charter.activities.inference.InProcessBackend;
import dev.charter.activities.inference.InProcessInferenceActivities;
import dev.charter.activities.inference.ModelBackend;
import dev.charter.activities.inference.ResilienceSettings;
import dev.charter.activities.inference.RollbackThresholds;
import dev.charter.activities.inference.RouteFlags;
import dev.charter.activities.inference.RouteJournal;
import dev.charter.activities.inference.RouteSpec;
import dev.charter.activities.inference.RoutingInferenceActivities;
import dev.charter.activities.privacy.SubjectDirectory;
import dev.charter.activities.setup.AgentProfile;
import dev.charter.activities.setup.ProfileCatalog;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Budgets;
import dev.charter.model.IntentModel;
import dev.charter.model.ModelArtifactCheck;
import dev.charter.model.ModelVersion;
import dev.charter.worker.telemetry.BackendMetrics;
import dev.charter.worker.telemetry.GovernanceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Models and routing ({@code charter.backends.*}, {@code charter.routing.*}, {@code
 * charter.routes.*}, {@code charter.profiles.*}): the open-weight decision model (warmed up at
 * start), the catalog of agent profiles and backends, canary routes with rollback, and the router
 * that calls backends under their circuit breakers, and the check of every shipped model's
 * artifacts against its model card. An {@link IntentModel} bean of the user's replaces the shipped
 * default model.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InferenceProperties.class)
public class InferenceConfiguration {

  private static final Logger log = LoggerFactory.getLogger(InferenceConfiguration.class);

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  IntentModel intentModel() {
    IntentModel model = IntentModel.loadDefault();
    // Warm up at start so the first task sees no cold start.
    model.warmUp();
    return model;
  }

  /**
   * Every shipped model version, its weights, OOD bank and encoder hashed against its model card
   * now, without loading it (issue 18). A model that does not match is refused when loaded; this
   * shows all of them at once on health {@code modelArtifacts} and {@code /actuator/info}.
   */
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
      Health.Builder health = shippedModelChecks.verified() ? Health.up() : Health.down();
      return health.withDetails(shippedModelChecks.byVersion()).build();
    };
  }

  /**
   * The in-process model versions the backends name ({@code charter.backends.<name>.model: v2});
   * the default version is the {@code intentModel} bean, others are loaded and warmed up once.
   */
  @Bean(destroyMethod = "close")
  InProcessModels inProcessModels(InferenceProperties properties, IntentModel intentModel) {
    InProcessModels models = new InProcessModels(intentModel);
    properties.backends().values().stream()
        .filter(b -> !b.remote())
        .forEach(b -> models.forVersion(b.model()));
    return models;
  }

  @Bean
  ProfileCatalog profileCatalog(InferenceProperties properties) {
    Map<String, BackendRef> backends = new LinkedHashMap<>();
    properties.backends().forEach((name, b) -> backends.put(name, ref(name, b)));
    Map<String, AgentProfile> profiles = new LinkedHashMap<>();
    properties
        .profiles()
        .forEach(
            (name, p) -> {
              InferenceProperties.Budgets b = p.budgets();
              profiles.put(
                  name,
                  new AgentProfile(
                      name,
                      p.version(),
                      p.tenant(),
                      p.riskTier(),
                      p.residency(),
                      p.tools(),
                      p.route(),
                      b == null
                          ? null
                          : new Budgets(
                              b.maxSteps(),
                              b.maxTokens(),
                              b.maxCostUsd(),
                              b.maxWallClockSeconds(),
                              b.approvalTimeoutSeconds(),
                              b.stepsPerRun()),
                      p.pinForward(),
                      p.sources()));
            });
    return new ProfileCatalog(profiles, backends);
  }

  @Bean
  RouteJournal routeJournal(AuditLedger auditLedger) {
    return new RouteJournal(auditLedger);
  }

  @Bean
  CanaryRoutes canaryRoutes(
      InferenceProperties properties, ProfileCatalog catalog, RouteJournal routeJournal) {
    for (String route : properties.routes().keySet()) {
      if (!properties.profiles().containsKey(route)) {
        throw new IllegalArgumentException(
            "charter.routes." + route + ": no agent profile `" + route + "` has this route");
      }
    }
    Map<String, RouteSpec> specs = new LinkedHashMap<>();
    Map<String, Integer> percents = new LinkedHashMap<>();
    properties
        .profiles()
        .forEach(
            (name, profile) -> {
              InferenceProperties.Route route = properties.routes().get(name);
              RouteSpec spec =
                  new RouteSpec(
                      name,
                      profile.route(),
                      route == null ? List.of() : route.canary(),
                      route == null ? 0 : route.canaryPercent(),
                      route == null ? null : route.shadow());
              List<String> named = new ArrayList<>(spec.canary());
              if (spec.shadow() != null) {
                named.add(spec.shadow());
              }
              for (String backend : named) {
                if (catalog.backend(backend) == null) {
                  throw new IllegalArgumentException(
                      "charter.routes."
                          + name
                          + " names unknown backend `"
                          + backend
                          + "`; known backends "
                          + properties.backends().keySet());
                }
              }
              specs.put(name, spec);
              percents.put(name, spec.canaryPercent());
            });
    InferenceProperties.Routing routing = properties.routing();
    RollbackThresholds thresholds =
        new RollbackThresholds(
            routing.rollbackWindow(),
            routing.rollbackMinimumCalls(),
            routing.rollbackMaxErrorRate(),
            routing.rollbackMaxP95().toNanos() / 1_000,
            routing.rollbackMaxDenyRate());
    // One OpenFeature domain per worker context, so two contexts in one JVM keep their own flags.
    String domain = "charter-routes-" + Integer.toHexString(System.identityHashCode(specs));
    return new CanaryRoutes(specs, new RouteFlags(domain, percents), routeJournal, thresholds);
  }

  @Bean(destroyMethod = "close")
  RoutingInferenceActivities inferenceRouter(
      InferenceProperties properties,
      InProcessModels inProcessModels,
      CanaryRoutes canaryRoutes,
      RouteJournal routeJournal,
      GovernanceMetrics governanceMetrics,
      MeterRegistry registry,
      ObjectProvider<SubjectDirectory> subjectDirectory) {
    ResilienceSettings resilience = resilience(properties.routing());
    // the whole worker has the shop's directory; a context with inference alone redacts by patterns
    SubjectDirectory subjects = subjectDirectory.getIfAvailable(() -> SubjectDirectory.NONE);
    List<ModelBackend> backends = new ArrayList<>();
    properties
        .backends()
        .forEach(
            (name, b) ->
                backends.add(
                    b.remote()
                        ? remote(name, b, resilience, subjects)
                        : new InProcessBackend(
                            ref(name, b),
                            new InProcessInferenceActivities(
                                inProcessModels.forVersion(b.model())))));
    RoutingInferenceActivities router =
        new RoutingInferenceActivities(
            backends, resilience, canaryRoutes, routeJournal, governanceMetrics);
    BackendMetrics.bind(registry, router);
    return router;
  }

  private static BackendRef ref(String name, InferenceProperties.Backend b) {
    return new BackendRef(name, b.hosting(), b.vendor(), b.region(), b.retainsData());
  }

  /** A self-hosted or closed-API backend; hosting and protocol were checked at bind time. */
  private static ModelBackend remote(
      String name,
      InferenceProperties.Backend b,
      ResilienceSettings resilience,
      SubjectDirectory subjects) {
    if (b.baseUrl() == null || b.baseUrl().isBlank() || b.model() == null || b.model().isBlank()) {
      throw new IllegalArgumentException(
          "charter.backends."
              + name
              + ": a "
              + b.hosting()
              + " backend needs base-url and model, got base-url `"
              + b.baseUrl()
              + "` model `"
              + b.model()
              + "`");
    }
    ChatSettings settings =
        new ChatSettings(
            b.model(),
            b.temperature(),
            b.seed(),
            b.weightsSha256(),
            b.inputUsdPerMillion(),
            b.outputUsdPerMillion());
    var key = ChatBackends.apiKey(System.getenv(), b.apiKeyEnv(), b.apiKeyFile());
    BackendRef ref = ref(name, b);
    return "anthropic".equals(b.protocol())
        ? ChatBackends.anthropic(
            ref, b.baseUrl(), key, settings, resilience.stepLatencyBudget(), subjects)
        : ChatBackends.openAi(
            ref, b.baseUrl(), key, settings, resilience.stepLatencyBudget(), subjects);
  }

  private static ResilienceSettings resilience(InferenceProperties.Routing routing) {
    return new ResilienceSettings(
        routing.stepLatencyBudget(),
        routing.breakerWindow(),
        routing.breakerMinimumCalls(),
        routing.breakerFailureRatePercent(),
        routing.breakerOpenWait(),
        routing.breakerHalfOpenCalls(),
        routing.maxConcurrentCalls());
  }
}
