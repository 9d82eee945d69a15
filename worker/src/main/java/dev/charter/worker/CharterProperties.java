package dev.charter.worker;

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
    Audit audit) {

  public CharterProperties {
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
   * @param bundle {@code classpath:policies/support-desk} or a directory path
   */
  public record Policy(@DefaultValue("classpath:policies/support-desk") String bundle) {}

  /**
   * @param hosting {@code in_process}, {@code self_hosted} or {@code closed_api}
   * @param vendor the model's maker
   * @param region where it runs
   * @param retainsData whether the backend keeps what it is sent
   */
  public record Backend(
      String hosting, String vendor, String region, @DefaultValue("false") boolean retainsData) {}

  /**
   * @param version version pinned by each task
   * @param tenant tenant its agents act for
   * @param riskTier LOW, MEDIUM or HIGH
   * @param residency data residency region
   * @param tools tools its agents may propose
   * @param route backends to try, in order
   * @param budgets per-task limits
   */
  public record Profile(
      String version,
      String tenant,
      String riskTier,
      String residency,
      List<String> tools,
      List<String> route,
      Budgets budgets) {}

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
