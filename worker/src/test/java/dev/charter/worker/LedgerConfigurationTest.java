package dev.charter.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.AuditTrail;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Outcome;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The ledger-and-keys concern: a migrated H2 ledger, the signing key file, the checks. */
class LedgerConfigurationTest {

  @TempDir Path data;

  /** Never connected to: the audit trail only needs it for history cross-checks. */
  private static WorkflowClient unusedClient() {
    return WorkflowClient.newInstance(
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1").build()));
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(LedgerConfiguration.class)
        .withBean(WorkflowClient.class, LedgerConfigurationTest::unusedClient)
        .withPropertyValues(
            "charter.ledger.url=jdbc:h2:file:" + data.resolve("ledger"),
            "charter.audit.signing-key-file=" + data.resolve("key.pem"),
            "charter.audit.witness-file=" + data.resolve("witness.jsonl"));
  }

  @Test
  void should_migrate_the_ledger_and_generate_the_signing_key_with_its_public_half() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(AuditLedger.class).events("no-such-task")).isEmpty();
              assertThat(data.resolve("key.pem")).exists();
              assertThat(data.resolve("key.pem.pub.pem")).exists();
              assertThat(context.getBean(AuditTrail.class)).isNotNull();
            });
  }

  @Test
  void should_use_a_users_signing_key_instead_of_the_key_file() throws Exception {
    LedgerSigningKey own =
        LedgerSigningKey.loadOrGenerate(
            Files.createDirectories(data.resolve("vault")).resolve("k.pem"), true);
    runner()
        .withBean("vaultKey", LedgerSigningKey.class, () -> own)
        .run(
            context -> {
              assertThat(context.getBean(LedgerSigningKey.class)).isSameAs(own);
              assertThat(data.resolve("key.pem")).doesNotExist();
            });
  }

  @Test
  void should_refuse_a_ledger_url_that_is_not_jdbc_quoting_it() {
    runner()
        .withPropertyValues("charter.ledger.url=postgres://db:5432/ledger")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("charter.ledger")
                    .contains("'url'")
                    .contains("got `postgres://db:5432/ledger`"));
  }

  @Test
  void should_refuse_a_missing_ledger_url() {
    new ApplicationContextRunner()
        .withUserConfiguration(LedgerConfiguration.class)
        .withPropertyValues("charter.audit.signing-key-file=" + data.resolve("key.pem"))
        .run(
            context ->
                BindFailure.of(context).contains("'url'").contains("is required: a JDBC URL"));
  }

  @Test
  void should_refuse_a_checkpoint_interval_that_is_not_positive_quoting_it() {
    runner()
        .withPropertyValues("charter.audit.checkpoint-interval=0s")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("charter.audit")
                    .contains("'checkpointInterval'")
                    .contains("must be positive, got `PT0S`"));
  }

  @Test
  void should_refuse_a_blank_signing_key_file() {
    runner()
        .withPropertyValues("charter.audit.signing-key-file=")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("'signingKeyFile'")
                    .contains("must name the Ed25519 signing key file"));
  }

  @Test
  void should_run_the_worker_as_a_user_refused_truncate_update_and_delete() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              context.getBean(AuditLedger.class).append(verdicts("t-1", 2));
              try (Connection connection =
                      context.getBean("ledgerDataSource", DataSource.class).getConnection();
                  Statement statement = connection.createStatement()) {
                assertThat(connection.getMetaData().getUserName()).isEqualTo("CHARTER_WORKER");
                for (String attack :
                    List.of(
                        "TRUNCATE TABLE audit_event",
                        "DELETE FROM audit_event",
                        "UPDATE audit_event SET step = 9")) {
                  assertThatThrownBy(() -> statement.execute(attack))
                      .as(attack)
                      .isInstanceOf(SQLException.class)
                      .hasMessageContaining("Not enough rights");
                }
              }
              assertThat(context.getBean(AuditLedger.class).events("t-1")).hasSize(2);
            });
  }

  @Test
  void should_witness_the_checkpoint_signed_on_shutdown_and_store_receipts_at_append()
      throws Exception {
    runner()
        .run(
            context -> {
              AuditLedger ledger = context.getBean(AuditLedger.class);
              ledger.append(verdicts("t-2", 3));
              assertThat(ledger.receipts("t-2")).containsOnlyKeys(1L, 2L, 3L);
            });
    List<String> lines = Files.readAllLines(data.resolve("witness.jsonl"));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("{\"jws\":\"").endsWith("\"number\":1}");
  }

  @Test
  void should_move_a_key_from_the_data_folder_to_the_secrets_folder_once() throws Exception {
    Path legacy = data.resolve("data").resolve("audit-signing-key.pem");
    Files.createDirectories(legacy.getParent());
    String keyId = LedgerSigningKey.loadOrGenerate(legacy, true).keyId();
    Path secret = data.resolve("secrets").resolve("audit-signing-key.pem");
    runner()
        .withPropertyValues(
            "charter.data-dir=" + data.resolve("data"),
            "charter.audit.signing-key-file="
                + data.resolve("data/../secrets/audit-signing-key.pem"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(LedgerSigningKey.class).keyId()).isEqualTo(keyId);
              assertThat(legacy).doesNotExist();
              assertThat(LedgerSigningKey.publicKeyFile(legacy)).doesNotExist();
              assertThat(secret).exists();
            });
  }

  @Test
  void should_refuse_a_worker_user_that_is_not_a_sql_name_quoting_it() {
    runner()
        .withPropertyValues("charter.ledger.worker-username=charter-worker; DROP")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("'workerUsername'")
                    .contains("got `charter-worker; DROP`"));
  }

  /** {@code count} policy verdicts of {@code task}, seqs from 1. */
  private static List<AuditEvent> verdicts(String task, int count) {
    List<AuditEvent> events = new java.util.ArrayList<>();
    for (int seq = 1; seq <= count; seq++) {
      events.add(
          new AuditEvent(
              task,
              seq,
              seq,
              "run-1",
              new AuditFact.VerdictRecorded(
                  "issue_refund",
                  "Shop::Order::\"1\"",
                  seq,
                  "ab12",
                  Outcome.ALLOW,
                  List.of("p-1"),
                  List.of(),
                  "bundle-1",
                  List.of(),
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null)));
    }
    return events;
  }

  @Test
  void should_keep_the_password_out_of_the_properties_text() {
    assertThat(
            new LedgerProperties("jdbc:h2:mem:x", "sa", "s3cret", "charter_worker", "w0rker")
                .toString())
        .doesNotContain("s3cret")
        .doesNotContain("w0rker");
  }
}
