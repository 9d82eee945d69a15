package dev.charter.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.activities.authorization.PolicyAdministration;
import dev.charter.contract.AuditFact;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskRequest;
import dev.charter.policy.BundleSignatureException;
import dev.charter.policy.BundleSigningMain;
import dev.charter.policy.PolicyAuthorKey;
import dev.charter.policy.PolicyBundle;
import dev.charter.worker.supply.BuildProvenance;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running worker knows what it runs: its build commit and SBOM digest on {@code /actuator/info}
 * and in each {@code task.pinned} event, its models' hashes in health; and in production mode
 * (signatures required) it refuses a bundle edited after signing, audited, naming both hashes.
 */
class SupplyChainIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void should_expose_build_commit_sbom_digest_and_model_hashes_and_pin_them_on_each_task()
      throws Exception {
    String sbomSha256 = sha256(resource(BuildProvenance.SBOM_RESOURCE));
    Properties git = new Properties();
    git.load(new java.io.ByteArrayInputStream(resource(BuildProvenance.GIT_PROPERTIES)));
    try (TestStack stack = TestStack.embedded(temp.resolve("data"), Map.of())) {
      HttpClient http = HttpClient.newHttpClient();
      JsonNode info = get(http, stack, "/actuator/info").path("charter");
      assertThat(info.path("build").path("sbomSha256").asText()).isEqualTo(sbomSha256);
      assertThat(info.path("build").path("commit").asText())
          .isEqualTo(git.getProperty("git.commit.id"))
          .matches("[0-9a-f]{40}");
      assertThat(info.path("models").path("v1").path("verified").asBoolean()).isTrue();
      assertThat(info.path("policy").path("startBundle").path("status").asText())
          .isEqualTo("VERIFIED");
      JsonNode health = get(http, stack, "/actuator/health").path("components");
      assertThat(health.path("modelArtifacts").path("status").asText()).isEqualTo("UP");

      String taskId = "supply-" + UUID.randomUUID();
      stack
          .tasks()
          .start(
              new TaskRequest(
                  taskId,
                  "support-agent",
                  "Where is my order?",
                  List.of(
                      new TaskInput(
                          "ticket",
                          "customer_email",
                          "Where is my order 1001? It has not arrived yet.",
                          Map.of("orderId", "1001", "customerId", "c-101"))),
                  null,
                  null,
                  null));
      AuditLedger ledger = stack.bean(AuditLedger.class);
      LedgerEntry pinned =
          TestStack.await(
                  () -> ledger.events(taskId),
                  events ->
                      events.stream().anyMatch(e -> e.type().equals(AuditFact.TaskPinned.TYPE)),
                  java.time.Duration.ofSeconds(60))
              .stream()
              .filter(e -> e.type().equals(AuditFact.TaskPinned.TYPE))
              .findFirst()
              .orElseThrow();
      JsonNode pin = JSON.readTree(pinned.payloadJson());
      assertThat(pin.path("buildCommit").asText()).isEqualTo(git.getProperty("git.commit.id"));
      assertThat(pin.path("sbomSha256").asText()).isEqualTo(sbomSha256);
      LedgerEntry decided =
          TestStack.await(
                  () -> ledger.events(taskId),
                  events ->
                      events.stream().anyMatch(e -> e.type().equals(AuditFact.ModelDecided.TYPE)),
                  java.time.Duration.ofSeconds(60))
              .stream()
              .filter(e -> e.type().equals(AuditFact.ModelDecided.TYPE))
              .findFirst()
              .orElseThrow();
      JsonNode provenance = JSON.readTree(decided.payloadJson()).path("provenance");
      assertThat(provenance.path("artifactsVerified").asBoolean()).isTrue();
      assertThat(provenance.path("encoderSha256").asText()).matches("[0-9a-f]{64}");
    }
  }

  @Test
  void should_refuse_to_start_on_a_bundle_edited_after_signing_and_audit_the_refusal()
      throws Exception {
    Path bundle = Files.createDirectories(temp.resolve("bundle"));
    // The demo bundle's sources, signed as the build signs them: by the development author.
    try (java.util.stream.Stream<Path> files =
        Files.list(Path.of("../policies/src/main/resources/policies/support-desk"))) {
      for (Path file : files.toList()) {
        Files.copy(file, bundle.resolve(file.getFileName().toString()));
      }
    }
    String signedId =
        BundleSigningMain.sign(
                bundle,
                PolicyAuthorKey.load(
                    Path.of("../policies/src/dev-keys/policy-author-dev.jwk.json")))
            .bundleHash();
    Path orders = bundle.resolve("orders.cedar");
    Files.writeString(orders, Files.readString(orders).replace("50000", "500000"));
    String editedId = PolicyBundle.load(bundle).id();
    assertThat(editedId).isNotEqualTo(signedId);
    Path data = temp.resolve("refused");

    assertThatThrownBy(
            () ->
                TestStack.embedded(data, Map.of("charter.policy.bundle", bundle.toString()))
                    .close())
        .hasRootCauseInstanceOf(BundleSignatureException.class)
        .rootCause()
        .hasMessageContaining("was changed after signing")
        .hasMessageContaining(bundle.toString())
        .hasMessageContaining(editedId)
        .hasMessageContaining(signedId);

    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:file:" + data.toAbsolutePath().resolve("ledger"));
    h2.setUser("sa");
    List<LedgerEntry> chain = new AuditLedger(h2).events(PolicyAdministration.LEDGER_ID);
    assertThat(chain).extracting(LedgerEntry::type).contains(PolicyAdministration.REFUSED);
    JsonNode refusal =
        JSON.readTree(
            chain.stream()
                .filter(e -> e.type().equals(PolicyAdministration.REFUSED))
                .findFirst()
                .orElseThrow()
                .payloadJson());
    assertThat(refusal.path("signature").asText()).isEqualTo("TAMPERED");
    assertThat(refusal.path("bundleId").asText()).isEqualTo(editedId);
    assertThat(refusal.path("signedBundleId").asText()).isEqualTo(signedId);
  }

  private static JsonNode get(HttpClient http, TestStack stack, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort + path))
                // build details and health components are for the tenant's operators
                .header("Authorization", stack.bearer("dana.lead"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = SupplyChainIT.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name + " on the class path (written by the build)").isNotNull();
      return in.readAllBytes();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
