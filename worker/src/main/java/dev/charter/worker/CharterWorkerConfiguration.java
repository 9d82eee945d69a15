package dev.charter.worker;

import dev.charter.activities.audit.LedgerAuditActivities;
import dev.charter.activities.authorization.AuthorizationListener;
import dev.charter.activities.authorization.CedarAuthorizationActivities;
import dev.charter.activities.inference.CanaryRoutes;
import dev.charter.activities.inference.RoutingInferenceActivities;
import dev.charter.activities.perception.RulePerceptionActivities;
import dev.charter.activities.setup.ProfileCatalog;
import dev.charter.activities.setup.ProfileTaskSetup;
import dev.charter.activities.shop.ShopResources;
import dev.charter.activities.shop.ShopSubjects;
import dev.charter.activities.shop.ShopToolActivities;
import dev.charter.activities.tools.ToolPermits;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolCall;
import dev.charter.policy.BundleRegistry;
import dev.charter.worker.health.CharterHealthConfiguration;
import dev.charter.worker.supply.BuildProvenance;
import dev.charter.worker.supply.BuildStampedTaskSetup;
import dev.charter.worker.supply.SupplyChainConfiguration;
import dev.charter.worker.telemetry.GovernanceMetrics;
import dev.charter.worker.telemetry.GovernedStepTelemetry;
import dev.charter.worker.telemetry.TelemetryConfiguration;
import dev.charter.workflow.activity.ApprovalGate;
import io.temporal.client.WorkflowClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A whole worker: one configuration per concern (Temporal, ledger and keys, policies, inference,
 * shop, telemetry, health, supply chain), and here only what joins them: the activities of the
 * governed step and the worker that polls with them. The databases are migrated at start; Temporal
 * is embedded or a cluster by configuration alone.
 */
@Configuration(proxyBeanMethods = false)
@Import({
  TemporalConfiguration.class,
  LedgerConfiguration.class,
  PolicyConfiguration.class,
  InferenceConfiguration.class,
  ShopConfiguration.class,
  TelemetryConfiguration.class,
  CharterHealthConfiguration.class,
  SupplyChainConfiguration.class
})
public class CharterWorkerConfiguration {

  @Bean
  GovernedActivities governedActivities(
      ProfileCatalog catalog,
      BundleRegistry bundleRegistry,
      RoutingInferenceActivities inferenceRouter,
      CanaryRoutes canaryRoutes,
      ShopResources shopResources,
      ShopSubjects shopSubjects,
      ShopToolActivities shopToolActivities,
      LedgerAuditActivities ledgerAuditActivities,
      ToolPermits toolPermits,
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
        new RulePerceptionActivities(
            RulePerceptionActivities.DEFAULT_TRUSTED_SOURCES, shopSubjects),
        new CedarAuthorizationActivities(
            bundleRegistry, shopResources, verdicts, toolPermits, shopSubjects),
        inferenceRouter,
        shopToolActivities,
        ledgerAuditActivities);
  }

  @Bean
  TaskWorker taskWorker(
      WorkflowClient client,
      TemporalProperties temporal,
      GovernedActivities activities,
      ApprovalGate approvalGate,
      GovernedStepTelemetry telemetry) {
    return new TaskWorker(client, temporal, activities, approvalGate, telemetry);
  }
}
