package dev.charter.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.AuditTrail;
import dev.charter.activities.audit.LedgerAuditActivities;
import dev.charter.activities.audit.LedgerCheckpoints;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.authorization.AuthorizationListener;
import dev.charter.activities.authorization.CedarApprovalGate;
import dev.charter.activities.authorization.CedarAuthorizationActivities;
import dev.charter.activities.authorization.HumanAuthorizer;
import dev.charter.activities.authorization.HumanDirectory;
import dev.charter.activities.authorization.PolicyAdministration;
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
import dev.charter.activities.perception.RulePerceptionActivities;
import dev.charter.activities.setup.AgentProfile;
import dev.charter.activities.setup.ProfileCatalog;
import dev.charter.activities.setup.ProfileTaskSetup;
import dev.charter.activities.shop.ShopDatabase;
import dev.charter.activities.shop.ShopResources;
import dev.charter.activities.shop.ShopToolActivities;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Budgets;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolCall;
import dev.charter.model.IntentModel;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.SignedBundleLoader;
import dev.charter.worker.health.CharterHealthConfiguration;
import dev.charter.worker.supply.BuildProvenance;
import dev.charter.worker.supply.BuildStampedTaskSetup;
import dev.charter.worker.supply.SupplyChainConfiguration;
import dev.charter.worker.telemetry.BackendMetrics;
import dev.charter.worker.telemetry.GovernanceMetrics;
import dev.charter.worker.telemetry.GovernedStepTelemetry;
import dev.charter.worker.telemetry.TelemetryConfiguration;
import dev.charter.worker.telemetry.TracingClientInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Wires a worker: databases (migrated at start), policy engine, decision model, activities, and the
 * Temporal connection, embedded or to a cluster by configuration alone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CharterProperties.class)
@Import({
  TelemetryConfiguration.class,
  CharterHealthConfiguration.class,
  SupplyChainConfiguration.class
})
public class CharterWorkerConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedTemporal embeddedTemporal(CharterProperties properties) {
    CharterProperties.Temporal temporal = properties.temporal();
    if (!temporal.embedded()) {
      return new EmbeddedTemporal(null);
    }
    HostPort address = HostPort.parse(temporal.address());
    return new EmbeddedTemporal(EmbeddedTemporalServer.start(address.host(), address.port()));
  }

  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(
      CharterProperties properties, EmbeddedTemporal embeddedTemporal, MeterRegistry registry) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(properties.temporal().address())
                // Temporal SDK metrics (temporal_*) into the same registry as /actuator/prometheus.
                .setMetricsScope(
                    new RootScopeBuilder()
                        .reporter(new MicrometerClientStatsReporter(registry))
                        .reportEvery(com.uber.m3.util.Duration.ofSeconds(1)))
                .build());
    if (embeddedTemporal.server() != null) {
      // Part of the embedded server's start-up, before any worker of this process (or a test's)
      // polls; workers against a cluster check them in TaskWorker.start.
      SearchAttributeRegistration.ensure(stubs, properties.temporal().namespace());
    }
    return stubs;
  }

  @Bean
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs,
      CharterProperties properties,
      TracingClientInterceptor tracingClientInterceptor) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(properties.temporal().namespace())
            .setInterceptors(tracingClientInterceptor)
            .build());
  }

  @Bean(destroyMethod = "close")
  HikariDataSource ledgerDataSource(CharterProperties properties) {
    HikariDataSource dataSource = dataSource("ledger", properties.ledger());
    AuditLedger.migrate(dataSource);
    return dataSource;
  }

  @Bean(destroyMethod = "close")
  HikariDataSource shopDataSource(CharterProperties properties) {
    HikariDataSource dataSource = dataSource("shop", properties.shop());
    ShopDatabase.migrate(dataSource);
    return dataSource;
  }

  @Bean
  AuditLedger auditLedger(HikariDataSource ledgerDataSource) {
    return new AuditLedger(ledgerDataSource);
  }

  /** The configured bundle is active at start; others are loaded at run time. */
  @Bean
  BundleRegistry bundleRegistry(SignedBundleLoader.SignedBundle startBundle) {
    return new BundleRegistry(startBundle.bundle());
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
      CharterProperties properties,
      SignedBundleLoader signedBundleLoader) {
    return new PolicyAdministration(
        bundleRegistry,
        humanAuthorizer,
        auditLedger,
        properties.policy().tenant(),
        signedBundleLoader);
  }

  @Bean
  LedgerSigningKey ledgerSigningKey(CharterProperties properties) {
    CharterProperties.Audit audit = properties.audit();
    String file =
        audit == null || audit.signingKeyFile() == null || audit.signingKeyFile().isBlank()
            ? Path.of(properties.dataDir(), "audit-signing-key.pem").toString()
            : audit.signingKeyFile();
    return LedgerSigningKey.loadOrGenerate(
        Path.of(file), audit == null || audit.generateSigningKey());
  }

  @Bean
  LedgerCheckpoints ledgerCheckpoints(HikariDataSource ledgerDataSource) {
    return new LedgerCheckpoints(ledgerDataSource, Clock.systemUTC());
  }

  @Bean(destroyMethod = "close")
  LedgerCheckpointer ledgerCheckpointer(
      LedgerCheckpoints checkpoints, LedgerSigningKey key, CharterProperties properties) {
    return new LedgerCheckpointer(
        checkpoints,
        key,
        properties.audit() == null
            ? Duration.ofSeconds(60)
            : properties.audit().checkpointInterval());
  }

  @Bean
  AuditTrail auditTrail(
      AuditLedger auditLedger,
      LedgerCheckpoints checkpoints,
      LedgerSigningKey key,
      WorkflowClient workflowClient) {
    return new AuditTrail(auditLedger, checkpoints, key.publicKey(), workflowClient);
  }

  @Bean(destroyMethod = "close")
  IntentModel intentModel() {
    IntentModel model = IntentModel.loadDefault();
    // Warm up at start so the first task sees no cold start.
    model.warmUp();
    return model;
  }

  @Bean
  ProfileCatalog profileCatalog(CharterProperties properties) {
    Map<String, BackendRef> backends = new LinkedHashMap<>();
    properties
        .backends()
        .forEach(
            (name, b) ->
                backends.put(
                    name,
                    new BackendRef(name, b.hosting(), b.vendor(), b.region(), b.retainsData())));
    Map<String, AgentProfile> profiles = new LinkedHashMap<>();
    properties
        .profiles()
        .forEach(
            (name, p) -> {
              CharterProperties.Budgets b = p.budgets();
              profiles.put(
                  name,
                  new AgentProfile(
                      name,
                      p.version(),
                      p.tenant(),
                      p.riskTier(),
                      p.residency(),
                      p.tools() == null ? List.of() : p.tools(),
                      p.route() == null ? List.of() : p.route(),
                      b == null
                          ? null
                          : new Budgets(
                              b.maxSteps(),
                              b.maxTokens(),
                              b.maxCostUsd(),
                              b.maxWallClockSeconds(),
                              b.approvalTimeoutSeconds()),
                      p.pinForward()));
            });
    return new ProfileCatalog(profiles, backends);
  }

  @Bean
  HumanDirectory humanDirectory(CharterProperties properties) {
    Map<String, HumanDirectory.Human> humans = new LinkedHashMap<>();
    properties
        .humans()
        .forEach((id, h) -> humans.put(id, new HumanDirectory.Human(id, h.tenant(), h.roles())));
    return new HumanDirectory(humans);
  }

  @Bean
  RouteJournal routeJournal(AuditLedger auditLedger) {
    return new RouteJournal(auditLedger);
  }

  @Bean
  CanaryRoutes canaryRoutes(
      CharterProperties properties, ProfileCatalog catalog, RouteJournal routeJournal) {
    Map<String, RouteSpec> specs = new LinkedHashMap<>();
    Map<String, Integer> percents = new LinkedHashMap<>();
    properties
        .profiles()
        .forEach(
            (name, profile) -> {
              CharterProperties.Route route = properties.routes().get(name);
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
    for (String route : properties.routes().keySet()) {
      if (!properties.profiles().containsKey(route)) {
        throw new IllegalArgumentException(
            "charter.routes." + route + ": no agent profile `" + route + "` has this route");
      }
    }
    CharterProperties.Routing routing = properties.routing();
    RollbackThresholds thresholds =
        routing == null
            ? RollbackThresholds.ofDefaults()
            : new RollbackThresholds(
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
      CharterProperties properties,
      InProcessModels inProcessModels,
      CanaryRoutes canaryRoutes,
      RouteJournal routeJournal,
      GovernanceMetrics governanceMetrics,
      MeterRegistry registry) {
    List<ModelBackend> backends = new ArrayList<>();
    properties
        .backends()
        .forEach(
            (name, b) ->
                backends.add(
                    backend(
                        name,
                        b,
                        InProcessInferenceActivities.IN_PROCESS.equals(b.hosting())
                            ? new InProcessInferenceActivities(
                                inProcessModels.forVersion(b.model()))
                            : null,
                        properties.routing())));
    RoutingInferenceActivities router =
        new RoutingInferenceActivities(
            backends,
            resilience(properties.routing()),
            canaryRoutes,
            routeJournal,
            governanceMetrics);
    BackendMetrics.bind(registry, router);
    return router;
  }

  /**
   * The in-process model versions the backends name ({@code charter.backends.<name>.model: v2});
   * the default version is the {@code intentModel} bean, others are loaded and warmed up once.
   */
  @Bean(destroyMethod = "close")
  InProcessModels inProcessModels(CharterProperties properties, IntentModel intentModel) {
    InProcessModels models = new InProcessModels(intentModel);
    properties.backends().values().stream()
        .filter(b -> InProcessInferenceActivities.IN_PROCESS.equals(b.hosting()))
        .forEach(b -> models.forVersion(b.model()));
    return models;
  }

  @Bean
  GovernedActivities governedActivities(
      ProfileCatalog catalog,
      BundleRegistry bundleRegistry,
      RoutingInferenceActivities inferenceRouter,
      CanaryRoutes canaryRoutes,
      AuditLedger auditLedger,
      HikariDataSource shopDataSource,
      GovernanceMetrics governanceMetrics,
      BuildProvenance buildProvenance) {
    // Tool verdicts feed the canary's deny-rate monitor and the per-arm metrics; shadow bundle
    // decisions the drift metrics.
    AuthorizationListener verdicts =
        new AuthorizationListener() {
          @Override
          public void toolVerdict(TaskPin pin, ToolCall call, PolicyVerdict verdict) {
            governanceMetrics.toolVerdict(pin, call, verdict);
            canaryRoutes.toolVerdict(pin, verdict.outcome());
          }

          @Override
          public void shadowVerdict(
              String action, String activeBundle, PolicyVerdict.ShadowVerdict shadow) {
            governanceMetrics.shadowVerdict(action, activeBundle, shadow);
          }
        };
    return new GovernedActivities(
        new BuildStampedTaskSetup(
            new ProfileTaskSetup(
                catalog, () -> bundleRegistry.active().bundle().id(), canaryRoutes),
            buildProvenance),
        new RulePerceptionActivities(),
        new CedarAuthorizationActivities(
            bundleRegistry, new ShopResources(shopDataSource, ShopDatabase.DEMO_TENANT), verdicts),
        inferenceRouter,
        new ShopToolActivities(shopDataSource),
        new LedgerAuditActivities(auditLedger, CharterWorkerConfiguration::currentTraceId));
  }

  /** The trace the current activity runs in (its span is current), so ledger rows name it. */
  private static String currentTraceId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : null;
  }

  @Bean
  CedarApprovalGate approvalGate(BundleRegistry bundleRegistry, HumanDirectory humanDirectory) {
    return new CedarApprovalGate(bundleRegistry, humanDirectory);
  }

  @Bean
  TaskWorker taskWorker(
      WorkflowClient client,
      CharterProperties properties,
      GovernedActivities activities,
      CedarApprovalGate approvalGate,
      GovernedStepTelemetry telemetry) {
    return new TaskWorker(client, properties.temporal(), activities, approvalGate, telemetry);
  }

  private static ModelBackend backend(
      String name,
      CharterProperties.Backend b,
      InProcessInferenceActivities inProcess,
      CharterProperties.Routing routing) {
    BackendRef ref = new BackendRef(name, b.hosting(), b.vendor(), b.region(), b.retainsData());
    if (InProcessInferenceActivities.IN_PROCESS.equals(b.hosting())) {
      return new InProcessBackend(ref, inProcess);
    }
    if (!"self_hosted".equals(b.hosting()) && !"closed_api".equals(b.hosting())) {
      throw new IllegalArgumentException(
          "charter.backends."
              + name
              + ".hosting must be in_process, self_hosted or closed_api, got `"
              + b.hosting()
              + "`");
    }
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
    Duration timeout = resilience(routing).stepLatencyBudget();
    return switch (b.protocol()) {
      case "openai" -> ChatBackends.openAi(ref, b.baseUrl(), key, settings, timeout);
      case "anthropic" -> ChatBackends.anthropic(ref, b.baseUrl(), key, settings, timeout);
      default ->
          throw new IllegalArgumentException(
              "charter.backends."
                  + name
                  + ".protocol must be openai or anthropic, got `"
                  + b.protocol()
                  + "`");
    };
  }

  private static ResilienceSettings resilience(CharterProperties.Routing routing) {
    if (routing == null) {
      return ResilienceSettings.ofDefaults();
    }
    return new ResilienceSettings(
        routing.stepLatencyBudget(),
        routing.breakerWindow(),
        routing.breakerMinimumCalls(),
        routing.breakerFailureRatePercent(),
        routing.breakerOpenWait(),
        routing.breakerHalfOpenCalls(),
        routing.maxConcurrentCalls());
  }

  private static HikariDataSource dataSource(String name, CharterProperties.Database database) {
    if (database == null || database.url() == null || database.url().isBlank()) {
      throw new IllegalArgumentException(
          "charter."
              + name
              + ".url is required (a JDBC URL such as jdbc:h2:file:/path/"
              + name
              + " or jdbc:postgresql://host:5432/db)");
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("charter-" + name);
    config.setJdbcUrl(database.url());
    config.setUsername(database.username());
    config.setPassword(database.password());
    config.setMaximumPoolSize(8);
    return new HikariDataSource(config);
  }

  /** The embedded server when dev mode asked for one; closes it with the context. */
  record EmbeddedTemporal(EmbeddedTemporalServer server) implements AutoCloseable {
    @Override
    public void close() {
      if (server != null) {
        server.close();
      }
    }
  }

  /** host:port, with the port checked. */
  record HostPort(String host, int port) {
    static HostPort parse(String address) {
      int colon = address == null ? -1 : address.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "charter.temporal.address must be host:port, got `" + address + "`");
      }
      try {
        int port = Integer.parseInt(address.substring(colon + 1));
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
        return new HostPort(address.substring(0, colon), port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "charter.temporal.address: port must be 1..65535, got `" + address + "`");
      }
    }
  }
}
