package dev.charter.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.policy.PolicyBundle;
import dev.charter.starter.cli.PolicyCommandTest.Run;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code charter version} and {@code charter policy keygen | sign | verify}, run in-process. */
class SupplyChainCommandsTest {

  @TempDir Path temp;

  private Path bundleCopy() throws Exception {
    Path copy = Files.createDirectories(temp.resolve("bundle"));
    try (Stream<Path> files = Files.list(PolicyCommandTest.BUNDLE)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  @Test
  void should_print_build_commit_sbom_digest_and_verified_model_hashes_as_json() throws Exception {
    Run run = PolicyCommandTest.run("version", "--json");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode version = new ObjectMapper().readTree(run.out());
    byte[] sbom;
    Properties git = new Properties();
    ClassLoader loader = getClass().getClassLoader();
    try (InputStream in = loader.getResourceAsStream("META-INF/sbom/application.cdx.json")) {
      sbom = in.readAllBytes();
    }
    try (InputStream in = loader.getResourceAsStream("git.properties")) {
      git.load(in);
    }
    assertThat(version.path("build").path("sbomSha256").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sbom)));
    assertThat(version.path("build").path("commit").asText())
        .isEqualTo(git.getProperty("git.commit.id"));
    assertThat(version.path("build").path("sbomComponents").asInt()).isGreaterThan(50);
    assertThat(version.path("models"))
        .isNotEmpty()
        .allSatisfy(
            m ->
                // weights and encoder; a calibrated model (v3 on) also its OOD bank
                assertThat(m.path("artifacts"))
                    .hasSize(m.path("version").asText().compareTo("v3") >= 0 ? 3 : 2));
  }

  @Test
  void should_sign_with_a_new_author_key_and_verify_only_the_unchanged_bundle() throws Exception {
    Path key = temp.resolve("author.jwk.json");
    Run keygen =
        PolicyCommandTest.run(
            "policy",
            "keygen",
            "--author",
            "pat.admin",
            "--tenant",
            "acme-shop",
            "--out",
            key.toString());
    assertThat(keygen.code()).as(keygen.err()).isZero();
    Path trust = temp.resolve("authors.json");
    Files.writeString(trust, "{\"authors\":[" + keygen.out() + "]}");
    Path bundle = bundleCopy();

    Run sign = PolicyCommandTest.run("policy", "sign", bundle.toString(), "--key", key.toString());
    assertThat(sign.code()).as(sign.err()).isZero();
    assertThat(sign.out()).contains("Charter::Human::\"pat.admin\"");
    String signedId = PolicyBundle.load(bundle).id();

    Run verified =
        PolicyCommandTest.run(
            "policy", "verify", bundle.toString(), "--trusted-authors", trust.toString());
    assertThat(verified.code()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).startsWith("verified:");

    Path orders = bundle.resolve("orders.cedar");
    Files.writeString(orders, Files.readString(orders).replace("50000", "90000"));
    String editedId = PolicyBundle.load(bundle).id();
    Run tampered =
        PolicyCommandTest.run(
            "policy", "verify", bundle.toString(), "--trusted-authors", trust.toString());
    assertThat(tampered.code()).isEqualTo(1);
    assertThat(tampered.out())
        .contains("refused (TAMPERED)", "changed after signing", signedId, editedId);

    Run otherTenant =
        PolicyCommandTest.run(
            "policy",
            "verify",
            bundle.toString(),
            "--trusted-authors",
            trust.toString(),
            "--tenant",
            "other-shop");
    assertThat(otherTenant.code()).isEqualTo(1);
  }

  @Test
  void should_verify_the_shipped_demo_bundle_against_the_development_key() {
    Run run = PolicyCommandTest.run("policy", "verify", "classpath:policies/support-desk");

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("signed by `pat.admin`");
  }

  @Test
  void should_refuse_the_unsigned_source_bundle_with_exit_1() {
    Run run = PolicyCommandTest.run("policy", "verify", PolicyCommandTest.BUNDLE.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("refused (UNSIGNED)");
  }
}
