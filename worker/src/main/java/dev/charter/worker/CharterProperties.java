package dev.charter.worker;

import dev.charter.policy.SignedBundleLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything a Charter worker is configured with, under the {@code charter.} prefix (application
 * YAML, environment such as {@code CHARTER_TEMPORAL_ADDRESS}, or command-line options).
 *
 * @param temporal where the Temporal service is
 * @param dataDir where the embedded H2 databases live
 * @param ledger the audit ledger's database
 * @param shop the demo shop's database (the tools' system of record)
 * @param policy the policy bundle in force
 * @param backends model backends by name
 * @param profiles agent profiles by name
 * @param humans people who may approve, by id
 * @param routing resilience of backend calls and canary rollback thresholds
 * @param routes canary arm and shadow backend per route (agent profile name)
 * @param audit signing of ledger checkpoints and decision receipts
 */
@ConfigurationProperties("charter")
public record CharterProperties(
    Temporal temporal,
    String dataDir,
    Database ledger,
    Database shop,
    Policy policy,
    Map<String, Backend> backends,
    Map<String, Profile> profiles,
    Map<String, Human> humans,
    Routing routing,
    Map<String, Route> routes,
    Audit audit) {

  public CharterProperties {
    routes = routes == null ? Map.of() : routes;
    backends = backends == null ? Map.of() : backends;
    profiles = profiles == null ? Map.of() : profiles;
    humans = humans == null ? Map.of() : humans;
  }

  /**
   * @param address host:port of the Temporal frontend
   * @param namespace the namespace tasks run in
   * @param taskQueue the task queue the worker polls
   * @param embedded start Temporal's test server in this process on {@code address} (dev mode:
   *     state in memory, lost when the process ends)
   * @param workerEnabled poll the task queue in this process (false for an API-only process)
   */
  public record Temporal(
      @DefaultValue("127.0.0.1:7233") String address,
      @DefaultValue("default") String namespace,
      @DefaultValue("charter-agent-tasks") String taskQueue,
      @DefaultValue("false") boolean embedded,
      @DefaultValue("true") boolean workerEnabled) {}

  /**
   * @param url JDBC URL; {@code jdbc:h2:file:...} or {@code jdbc:postgresql://...}
   * @param username user
   * @param password password; prefer the environment to files for secrets
   */
  public record Database(String url, @DefaultValue("sa") String username, String password) {}

  /**
   * @param bundle the bundle active at start: {@code classpath:policies/support-desk} or a
   *     directory path; others are loaded at run time through {@code POST /api/policy/bundles}
   * @param tenant the tenant whose policies this worker runs: who may {@code manage_policy} is
   *     decided for a task of this tenant
   * @param signatures {@code required} (default): a bundle not signed by an author trusted for
   *     {@code tenant}, or changed after signing, is refused at load and the refusal audited;
   *     {@code checked}: it is loaded and the check reported (local experiments only)
   * @param trustedAuthors the policy authors' public keys and their tenants ({@code
   *     docs/supply-chain.md}); the default trusts only the development author whose key signs the
   *     demo bundle: production sets its own file
   */
  public record Policy(
      @DefaultValue("classpath:policies/support-desk") String bundle,
      @DefaultValue("acme-shop") String tenant,
      @DefaultValue("required") SignedBundleLoader.Enforcement signatures,
      @DefaultValue(DEV_TRUSTED_AUTHORS) String trustedAuthors) {

    /** The trusted authors shipped for development: the key that signs the demo bundle. */
    public static final String DEV_TRUSTED_AUTHORS = "classpath:policies/trusted-authors-dev.json";
  }

  /**
   * @param hosting {@code in_process}, {@code self_hosted} or {@code closed_api}
   * @param vendor the model's maker
   * @param region where it runs
   * @param retainsData whether the backend keeps what it is sent
   * @param protocol chat protocol of a remote backend: {@code openai} (OpenAI and any
   *     OpenAI-compatible server: vLLM, Ollama, llama.cpp) or {@code anthropic}
   * @param baseUrl the API base URL, e.g. {@code http://127.0.0.1:8000/v1}
   * @param model the model id asked for
   * @param apiKeyEnv environment variable holding the API key (keys never go in config files)
   * @param apiKeyFile secret file holding the API key, read when the variable is unset
   * @param temperature sampling temperature
   * @param seed sampling seed where the API takes one
   * @param weightsSha256 sha-256 of the weights of a self-hosted open-weight model
   * @param inputUsdPerMillion price of a million input tokens
   * @param outputUsdPerMillion price of a million output tokens
   */
  public record Backend(
      String hosting,
      String vendor,
      String region,
      @DefaultValue("false") boolean retainsData,
      @DefaultValue("openai") String protocol,
      String baseUrl,
      String model,
      String apiKeyEnv,
      String apiKeyFile,
      @DefaultValue("0") double temperature,
      Integer seed,
      String weightsSha256,
      @DefaultValue("0") double inputUsdPerMillion,
      @DefaultValue("0") double outputUsdPerMillion) {}

  /**
   * @param stepLatencyBudget time one backend may take for a step before the next is tried
   * @param breakerWindow calls in each backend's circuit-breaker window
   * @param breakerMinimumCalls calls before a breaker may open
   * @param breakerFailureRatePercent failure rate that opens a breaker
   * @param breakerOpenWait how long a breaker stays open before half-open probes
   * @param breakerHalfOpenCalls probe calls when half-open
   * @param maxConcurrentCalls bulkhead: concurrent calls per backend
   * @param rollbackWindow canary calls kept per route for automatic rollback
   * @param rollbackMinimumCalls canary calls before a rollback may trigger
   * @param rollbackMaxErrorRate canary error rate (0..1) that triggers a rollback
   * @param rollbackMaxP95 canary p95 latency that triggers a rollback
   * @param rollbackMaxDenyRate share (0..1) of DENY tool verdicts of canary-pinned tasks that
   *     triggers a rollback
   */
  public record Routing(
      @DefaultValue("30s") Duration stepLatencyBudget,
      @DefaultValue("10") int breakerWindow,
      @DefaultValue("5") int breakerMinimumCalls,
      @DefaultValue("50") float breakerFailureRatePercent,
      @DefaultValue("30s") Duration breakerOpenWait,
      @DefaultValue("2") int breakerHalfOpenCalls,
      @DefaultValue("8") int maxConcurrentCalls,
      @DefaultValue("20") int rollbackWindow,
      @DefaultValue("5") int rollbackMinimumCalls,
      @DefaultValue("0.5") double rollbackMaxErrorRate,
      @DefaultValue("10s") Duration rollbackMaxP95,
      @DefaultValue("0.5") double rollbackMaxDenyRate) {}

  /**
   * @param canary the canary arm's backends, in order
   * @param canaryPercent share of new tasks (0..100) pinned to the canary arm
   * @param shadow a backend that gets the same step input where Cedar permits, never acted on
   */
  public record Route(List<String> canary, @DefaultValue("0") int canaryPercent, String shadow) {}

  /**
   * @param version version pinned by each task
   * @param tenant tenant its agents act for
   * @param riskTier LOW, MEDIUM or HIGH
   * @param residency data residency region
   * @param tools tools its agents may propose
   * @param route backends to try, in order
   * @param budgets per-task limits
   * @param pinForward {@code pin-forward: true} moves a running task's policy bundle pin to the
   *     active bundle at each step boundary (audited as {@code task.pin_moved}); by default a task
   *     keeps the bundle it started with (always held to the stricter of it and the active one)
   */
  public record Profile(
      String version,
      String tenant,
      String riskTier,
      String residency,
      List<String> tools,
      List<String> route,
      Budgets budgets,
      @DefaultValue("false") boolean pinForward) {}

  /**
   * @param maxSteps steps per task
   * @param maxTokens model tokens per task
   * @param maxCostUsd model cost per task
   * @param maxWallClockSeconds wall clock per task
   * @param approvalTimeoutSeconds how long an approval may wait
   */
  public record Budgets(
      @DefaultValue("10") int maxSteps,
      @DefaultValue("50000") long maxTokens,
      @DefaultValue("1.0") double maxCostUsd,
      @DefaultValue("86400") long maxWallClockSeconds,
      @DefaultValue("86400") long approvalTimeoutSeconds) {}

  /**
   * @param tenant the tenant the human belongs to
   * @param roles roles held (Cedar {@code Charter::Role} entities)
   */
  public record Human(String tenant, List<String> roles) {}

  /**
   * @param signingKeyFile the Ed25519 private key (PKCS#8 PEM) that signs checkpoints and receipts;
   *     its public key is written next to it as {@code <file>.pub.pem}
   * @param generateSigningKey create the key file when it is missing (dev; in production supply the
   *     key from a secret store and set this to false)
   * @param checkpointInterval how often the heads of grown chains are signed
   */
  public record Audit(
      String signingKeyFile,
      @DefaultValue("true") boolean generateSigningKey,
      @DefaultValue("60s") Duration checkpointInterval) {}
}
