package dev.charter.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.AuditTrail;
import dev.charter.activities.audit.LedgerAuditActivities;
import dev.charter.activities.audit.LedgerCheckpoints;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.authorization.CedarApprovalGate;
import dev.charter.activities.authorization.CedarAuthorizationActivities;
import dev.charter.activities.authorization.HumanDirectory;
import dev.charter.activities.inference.InProcessInferenceActivities;
import dev.charter.activities.perception.RulePerceptionActivities;
import dev.charter.activities.setup.AgentProfile;
import dev.charter.activities.setup.ProfileCatalog;
import dev.charter.activities.setup.ProfileTaskSetup;
import dev.charter.activities.shop.ShopDatabase;
import dev.charter.activities.shop.ShopResources;
import dev.charter.activities.shop.ShopToolActivities;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Budgets;
import dev.charter.model.IntentModel;
import dev.charter.policy.BundleException;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.PolicyEngine;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires a worker: databases (migrated at start), policy engine, decision model, activities, and the
 * Temporal connection, embedded or to a cluster by configuration alone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CharterProperties.class)
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
      CharterProperties properties, EmbeddedTemporal embeddedTemporal) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(properties.temporal().address())
            .build());
  }

  @Bean
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, CharterProperties properties) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder().setNamespace(properties.temporal().namespace()).build());
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

  @Bean
  PolicyEngine policyEngine(CharterProperties properties) throws BundleException {
    String bundle = properties.policy().bundle();
    PolicyBundle loaded =
        bundle.startsWith("classpath:")
            ? PolicyBundle.loadClasspath(bundle.substring("classpath:".length()))
            : PolicyBundle.load(Path.of(bundle));
    return new PolicyEngine(loaded);
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
                              b.approvalTimeoutSeconds())));
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
  GovernedActivities governedActivities(
      ProfileCatalog catalog,
      PolicyEngine policyEngine,
      IntentModel intentModel,
      AuditLedger auditLedger,
      HikariDataSource shopDataSource) {
    return new GovernedActivities(
        new ProfileTaskSetup(catalog, () -> policyEngine.bundle().id()),
        new RulePerceptionActivities(),
        new CedarAuthorizationActivities(
            policyEngine, new ShopResources(shopDataSource, ShopDatabase.DEMO_TENANT)),
        new InProcessInferenceActivities(intentModel),
        new ShopToolActivities(shopDataSource),
        new LedgerAuditActivities(auditLedger));
  }

  @Bean
  CedarApprovalGate approvalGate(PolicyEngine policyEngine, HumanDirectory humanDirectory) {
    return new CedarApprovalGate(policyEngine, humanDirectory);
  }

  @Bean
  TaskWorker taskWorker(
      WorkflowClient client,
      CharterProperties properties,
      GovernedActivities activities,
      CedarApprovalGate approvalGate) {
    return new TaskWorker(client, properties.temporal(), activities, approvalGate);
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
