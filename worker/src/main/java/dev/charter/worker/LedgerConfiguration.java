package dev.charter.worker;

import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.AuditTrail;
import dev.charter.activities.audit.LedgerAuditActivities;
import dev.charter.activities.audit.LedgerCheckpoints;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.tools.ToolPermits;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit ledger and its keys ({@code charter.ledger.*}, {@code charter.audit.*}): the ledger
 * database (migrated at start), the Ed25519 key that signs checkpoints and receipts, the periodic
 * checkpointer, the audit trail readers use, and the record activity. A {@link LedgerSigningKey}
 * bean of the user's (a key from a secret store) replaces the key file.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LedgerProperties.class, AuditProperties.class})
public class LedgerConfiguration {

  @Bean(destroyMethod = "close")
  HikariDataSource ledgerDataSource(LedgerProperties ledger) {
    HikariDataSource dataSource = ledger.pool("ledger");
    AuditLedger.migrate(dataSource);
    return dataSource;
  }

  @Bean
  AuditLedger auditLedger(HikariDataSource ledgerDataSource) {
    return new AuditLedger(ledgerDataSource);
  }

  @Bean
  @ConditionalOnMissingBean
  LedgerSigningKey ledgerSigningKey(AuditProperties audit) {
    return LedgerSigningKey.loadOrGenerate(
        Path.of(audit.signingKeyFile()), audit.generateSigningKey());
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
  LedgerCheckpoints ledgerCheckpoints(HikariDataSource ledgerDataSource) {
    return new LedgerCheckpoints(ledgerDataSource, Clock.systemUTC());
  }

  @Bean(destroyMethod = "close")
  LedgerCheckpointer ledgerCheckpointer(
      LedgerCheckpoints checkpoints, LedgerSigningKey key, AuditProperties audit) {
    return new LedgerCheckpointer(checkpoints, key, audit.checkpointInterval());
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
  LedgerAuditActivities ledgerAuditActivities(AuditLedger auditLedger) {
    return new LedgerAuditActivities(auditLedger, LedgerConfiguration::currentTraceId);
  }

  /** The trace the current activity runs in (its span is current), so ledger rows name it. */
  private static String currentTraceId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : null;
  }
}
