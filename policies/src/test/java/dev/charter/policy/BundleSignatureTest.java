package dev.charter.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.policy.SignedBundleLoader.Enforcement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed policy bundles: each way a bundle can fail its signature check, attacked in turn. */
class BundleSignatureTest {

  private static final String TENANT = "acme-shop";
  private static PolicyAuthorKey author;
  private static TrustedAuthors trusted;

  @TempDir Path temp;

  @BeforeAll
  static void keys() {
    author = PolicyAuthorKey.generate("pat.admin");
    trusted =
        new TrustedAuthors(
            "test", List.of(new TrustedAuthors.Author("pat.admin", Set.of(TENANT), author.jwk())));
  }

  private Path demoCopy(String name) throws Exception {
    Path source =
        Path.of(
                Objects.requireNonNull(
                        getClass()
                            .getClassLoader()
                            .getResource("policies/support-desk/bundle.json"))
                    .toURI())
            .getParent();
    Path dir = Files.createDirectories(temp.resolve(name));
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals(BundleSignature.FILE)) {
          Files.copy(file, dir.resolve(file.getFileName()));
        }
      }
    }
    return dir;
  }

  private static SignedBundleLoader required(TrustedAuthors authors) {
    return new SignedBundleLoader(authors, Enforcement.REQUIRED);
  }

  @Test
  void should_load_a_bundle_signed_by_an_author_trusted_for_the_tenant() throws Exception {
    Path dir = demoCopy("signed");
    BundleSignature signature = BundleSigningMain.sign(dir, author);

    SignedBundleLoader.SignedBundle loaded = required(trusted).load(dir.toString(), TENANT);

    assertThat(loaded.signature().status()).isEqualTo(SignatureCheck.Status.VERIFIED);
    assertThat(loaded.signature().author()).isEqualTo("pat.admin");
    assertThat(loaded.signature().signedHash()).isEqualTo(loaded.bundle().id());
    assertThat(signature.principal()).isEqualTo("Charter::Human::\"pat.admin\"");
    // adding the signature file leaves the bundle id alone: it is detached from the content
    assertThat(loaded.bundle().id()).isEqualTo(PolicyBundle.load(demoCopy("plain")).id());
  }

  @Test
  void should_refuse_a_bundle_edited_after_signing_naming_both_hashes() throws Exception {
    Path dir = demoCopy("tampered");
    BundleSignature signature = BundleSigningMain.sign(dir, author);
    Path orders = dir.resolve("orders.cedar");
    Files.writeString(
        orders, Files.readString(orders).replace("500", "5000"), StandardCharsets.UTF_8);
    String edited = PolicyBundle.load(dir).id();

    assertThatThrownBy(() -> required(trusted).load(dir.toString(), TENANT))
        .isInstanceOf(BundleSignatureException.class)
        .hasMessageContaining("was changed after signing")
        .hasMessageContaining(dir.toString())
        .hasMessageContaining(edited)
        .hasMessageContaining(signature.bundleHash())
        .satisfies(
            e ->
                assertThat(((BundleSignatureException) e).check().status())
                    .isEqualTo(SignatureCheck.Status.TAMPERED));
    assertThat(edited).isNotEqualTo(signature.bundleHash());
  }

  @Test
  void should_refuse_an_unsigned_bundle_in_production_and_report_it_when_only_checked()
      throws Exception {
    Path dir = demoCopy("unsigned");

    assertThatThrownBy(() -> required(trusted).load(dir.toString(), TENANT))
        .isInstanceOf(BundleSignatureException.class)
        .hasMessageContaining("is unsigned")
        .hasMessageContaining(PolicyBundle.load(dir).id());
    SignedBundleLoader.SignedBundle checked =
        new SignedBundleLoader(trusted, Enforcement.CHECKED).load(dir.toString(), TENANT);
    assertThat(checked.signature().status()).isEqualTo(SignatureCheck.Status.UNSIGNED);
  }

  @Test
  void should_refuse_a_bundle_signed_by_a_key_not_trusted_for_the_tenant() throws Exception {
    Path dir = demoCopy("other-tenant");
    BundleSigningMain.sign(dir, author);
    TrustedAuthors otherTenant =
        new TrustedAuthors(
            "test",
            List.of(new TrustedAuthors.Author("pat.admin", Set.of("globex"), author.jwk())));

    assertThatThrownBy(() -> required(otherTenant).load(dir.toString(), TENANT))
        .isInstanceOf(BundleSignatureException.class)
        .hasMessageContaining("not for tenant `acme-shop`");
  }

  @Test
  void should_refuse_a_bundle_signed_by_an_unknown_key_even_under_a_trusted_name()
      throws Exception {
    Path dir = demoCopy("impostor");
    BundleSigningMain.sign(dir, PolicyAuthorKey.generate("pat.admin"));

    assertThatThrownBy(() -> required(trusted).load(dir.toString(), TENANT))
        .isInstanceOf(BundleSignatureException.class)
        .hasMessageContaining("not among the trusted policy authors");
  }

  @Test
  void should_refuse_a_signature_whose_claims_were_rewritten() throws Exception {
    Path dir = demoCopy("forged");
    BundleSigningMain.sign(dir, author);
    Path sig = dir.resolve(BundleSignature.FILE);
    String[] parts = Files.readString(sig).strip().split("\\.");
    String forgedClaims =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"author\":\"pat.admin\",\"bundleHash\":\""
                        + "0".repeat(64)
                        + "\",\"bundleName\":\"support-desk\"}")
                    .getBytes(StandardCharsets.UTF_8));
    Files.writeString(sig, parts[0] + "." + forgedClaims + "." + parts[2]);

    assertThatThrownBy(() -> required(trusted).load(dir.toString(), TENANT))
        .isInstanceOf(BundleSignatureException.class)
        .hasMessageContaining("does not verify");
  }

  @Test
  void should_ship_the_demo_bundle_signed_by_the_development_author() throws Exception {
    SignedBundleLoader.SignedBundle demo =
        required(TrustedAuthors.load("classpath:policies/trusted-authors-dev.json"))
            .load("classpath:policies/support-desk", TENANT);

    assertThat(demo.signature().status()).isEqualTo(SignatureCheck.Status.VERIFIED);
    assertThat(demo.signature().author()).isEqualTo("pat.admin");
  }

  @Test
  void should_refuse_a_trust_file_that_holds_a_private_key() throws Exception {
    Path file = temp.resolve("authors.json");
    Files.writeString(
        file,
        "{\"authors\":[{\"author\":\"pat.admin\",\"tenants\":[\"acme-shop\"],\"key\":"
            + author.jwk().toJSONString()
            + "}]}");

    assertThatThrownBy(() -> TrustedAuthors.load(file.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("private part");
  }
}
