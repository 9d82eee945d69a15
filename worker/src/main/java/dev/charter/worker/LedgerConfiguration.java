package dev.charter.worker;

import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.AuditTrail;
import dev.charter.activities.audit.LedgerAuditActivities;
import dev.charter.activities.audit.LedgerCheckpoints;
import dev.charter.activities.audit.LedgerRoles;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.audit.LedgerWitness;
import dev.charter.activities.audit.TrustedKeys;
import dev.charter.activities.audit.WitnessFile;
import dev.charter.activities.tools.ToolPermits;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit ledger and its keys ({@code charter.ledger.*}, {@code charter.audit.*}): the ledger
 * database (migrated at start by its owner, then used as the SELECT/INSERT-only worker user), the
 * Ed25519 key that signs checkpoints and receipts (outside the data folder, with the ledger's
 * record of each key), the periodic checkpointer and its witness file, the audit trail readers use,
 * and the record activity. A {@link LedgerSigningKey} bean of the user's (a key from a secret
 * store) replaces the key file; a {@link LedgerWitness} bean replaces the witness file.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LedgerProperties.class, AuditProperties.class})
public class LedgerConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerConfiguration.class);

  /** Where the signing key lived before it moved out of the data folder. */
  static final String LEGACY_KEY_FILE = "audit-signing-key.pem";

  @Bean(destroyMethod = "close")
  HikariDataSource ledgerDataSource(LedgerProperties ledger) {
    if (ledger.workerIsOwner()) {
      HikariDataSource owner = ledger.pool("ledger");
      AuditLedger.migrate(owner);
      LOG.warn(
          "event=ledger_worker_is_owner user={} action=\"set charter.ledger.worker-username so the"
              + " worker cannot UPDATE, DELETE or TRUNCATE the ledger (H2 triggers do not see"
              + " TRUNCATE)\"",
          ledger.username());
      return owner;
    }
    try (HikariDataSource owner = ledger.pool("ledger-migration")) {
      AuditLedger.migrate(
          owner, new LedgerRoles.WorkerRole(ledger.workerUsername(), ledger.workerPassword()));
    }
    try {
      return ledger.workerPool("ledger");
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "charter.ledger.worker-username `"
              + ledger.workerUsername()
              + "` cannot connect to "
              + ledger.url()
              + " (check charter.ledger.worker-password, CHARTER_LEDGER_WORKER_PASSWORD): "
              + e.getMessage(),
          e);
    }
  }

  @Bean
  AuditLedger auditLedger(HikariDataSource ledgerDataSource, LedgerSigningKey key) {
    return new AuditLedger(ledgerDataSource, key);
  }

  @Bean
  @ConditionalOnMissingBean
  LedgerSigningKey ledgerSigningKey(
      AuditProperties audit, @Value("${charter.data-dir:}") String dataDir) {
    Path file = audit.signingKeyPath();
    if (!dataDir.isBlank()) {
      Path data = Path.of(dataDir).toAbsolutePath().normalize();
      moveLegacyKey(data.resolve(LEGACY_KEY_FILE), file);
      if (file.startsWith(data)) {
        LOG.warn(
            "event=audit_signing_key_beside_data file={} action=\"keep the key outside the data"
                + " folder (charter.audit.signing-key-file): whoever can rewrite the ledger files"
                + " should not hold the key that signs them\"",
            file);
      }
    }
    return LedgerSigningKey.loadOrGenerate(file, audit.generateSigningKey());
  }

  /**
   * A key generated before the default moved to the secrets folder: moved there (with its public
   * half) on first start, so the ledger keeps its key and the data folder holds none.
   */
  private static void moveLegacyKey(Path legacy, Path file) {
    if (Files.exists(file) || !Files.exists(legacy) || legacy.equals(file)) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      Files.move(legacy, file);
      Files.deleteIfExists(LedgerSigningKey.publicKeyFile(legacy));
      LOG.warn("event=audit_signing_key_moved from={} to={}", legacy, file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "audit signing key `" + legacy + "` cannot be moved to `" + file + "`: " + e, e);
    }
  }

  /**
   * The keys this worker trusts for its own checkpoints and receipts: its key and the retired keys
   * beside the key file ({@code charter audit rotate-key}).
   */
  @Bean
  TrustedKeys ledgerTrustedKeys(LedgerSigningKey key, AuditProperties audit) {
    List<java.security.PublicKey> keys = new ArrayList<>();
    keys.add(key.publicKey());
    LedgerSigningKey.retired(audit.signingKeyPath()).forEach(k -> keys.add(k.publicKey()));
    return TrustedKeys.of(keys);
  }

  /**
   * Permits for tools and compensations, signed with the worker's key: the authorizer issues them,
   * the tools check them.
   */
  @Bean
  @ConditionalOnMissingBean
  ToolPermits toolPermits(LedgerSigningKey key) {
    return ToolPermits.of(key);
  }

  @Bean
  @ConditionalOnMissingBean
  LedgerWitness ledgerWitness(AuditProperties audit) {
    return new WitnessFile(audit.witnessPath());
  }

  /** The checkpoints, with the current key recorded in the ledger (a rotation when it is new). */
  @Bean
  LedgerCheckpoints ledgerCheckpoints(
      HikariDataSource ledgerDataSource, LedgerSigningKey key, AuditProperties audit) {
    LedgerCheckpoints checkpoints = new LedgerCheckpoints(ledgerDataSource, Clock.systemUTC());
    checkpoints.keyRotations().record(key, LedgerSigningKey.retired(audit.signingKeyPath()));
    return checkpoints;
  }

  @Bean(destroyMethod = "close")
  LedgerCheckpointer ledgerCheckpointer(
      LedgerCheckpoints checkpoints,
      LedgerSigningKey key,
      LedgerWitness witness,
      AuditProperties audit) {
    return new LedgerCheckpointer(checkpoints, key, witness, audit.checkpointInterval());
  }

  @Bean
  AuditTrail auditTrail(
      AuditLedger auditLedger,
      LedgerCheckpoints checkpoints,
      TrustedKeys ledgerTrustedKeys,
      LedgerWitness witness,
      WorkflowClient workflowClient) {
    return new AuditTrail(auditLedger, checkpoints, ledgerTrustedKeys, witness, workflowClient);
  }

  @Bean
  LedgerAuditActivities ledgerAuditActivities(AuditLedger auditLedger) {
    return new LedgerAuditActivities(auditLedger, LedgerConfiguration::currentTraceId);
  }

  /** The trace the current activity runs in (its span is current), so ledger rows name it. */
  private static String currentTraceId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : null;
  }
}
