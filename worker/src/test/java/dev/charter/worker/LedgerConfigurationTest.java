package dev.charter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.AuditTrail;
import dev.charter.activities.audit.LedgerSigningKey;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
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
            "charter.audit.signing-key-file=" + data.resolve("key.pem"));
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
  void should_keep_the_password_out_of_the_properties_text() {
    assertThat(new LedgerProperties("jdbc:h2:mem:x", "sa", "s3cret").toString())
        .doesNotContain("s3cret");
  }
}
