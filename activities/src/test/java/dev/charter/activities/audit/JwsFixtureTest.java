package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.contract.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A decision receipt and a ledger checkpoint signed by the hand-written JWS code that preceded
 * Nimbus JOSE, kept as fixtures (with the throwaway test key that signed them): they still verify,
 * and Nimbus, given the same key and content, signs the very same bytes.
 */
class JwsFixtureTest {

  private static final Path FIXTURE = Path.of("src/test/resources/audit/jws-fixture");

  private static String read(String file) throws IOException {
    return Files.readString(FIXTURE.resolve(file)).trim();
  }

  private static PublicKey publicKey() {
    return LedgerSigningKey.readPublicKey(FIXTURE.resolve("signing-key.pem.pub.pem"));
  }

  private static JsonNode payload(String jws) {
    return CanonicalJson.parse(
        new String(
            Base64.getUrlDecoder().decode(jws.split("\\.")[1]),
            java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void should_verify_a_receipt_signed_before_nimbus() throws IOException {
    DecisionReceipt receipt = DecisionReceipts.verify(read("receipt.jws"), publicKey());

    assertThat(receipt.taskId()).isEqualTo("fixture-1");
    assertThat(receipt.seq()).isEqualTo(2);
    assertThat(receipt.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
  }

  @Test
  void should_verify_a_checkpoint_signed_before_nimbus() throws IOException {
    JsonNode checkpoint = Jws.verify(read("checkpoint.jws"), publicKey());

    assertThat(checkpoint.toString()).contains("fixture-1");
  }

  @Test
  void should_sign_the_same_bytes_as_before_nimbus_for_the_same_key_and_content()
      throws IOException {
    LedgerSigningKey key = LedgerSigningKey.loadOrGenerate(copyOfFixtureKey(), false);
    String receipt = read("receipt.jws");
    String checkpoint = read("checkpoint.jws");

    assertThat(Jws.sign(key, DecisionReceipts.TYP, payload(receipt))).isEqualTo(receipt);
    assertThat(Jws.sign(key, LedgerCheckpoints.TYP, payload(checkpoint))).isEqualTo(checkpoint);
  }

  @Test
  void should_refuse_the_receipt_when_its_payload_is_altered() throws IOException {
    String[] parts = read("receipt.jws").split("\\.");
    String altered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    payload(read("receipt.jws"))
                        .toString()
                        .replace("REQUIRE_APPROVAL", "ALLOW")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + parts[2];

    assertThatThrownBy(() -> DecisionReceipts.verify(altered, publicKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signature does not verify with key");
  }

  @Test
  void should_refuse_the_receipt_under_another_key() throws IOException {
    String receipt = read("receipt.jws");
    PublicKey stranger = LedgerSigningKey.generate().publicKey();

    assertThatThrownBy(() -> DecisionReceipts.verify(receipt, stranger))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "signature does not verify with key " + LedgerSigningKey.keyId(stranger));
  }

  /**
   * The key file is copied so loading it (which rewrites the public key file) leaves the fixture.
   */
  private static Path copyOfFixtureKey() throws IOException {
    Path dir = Files.createTempDirectory("jws-fixture");
    Path key = dir.resolve("signing-key.pem");
    Files.copy(FIXTURE.resolve("signing-key.pem"), key);
    return key;
  }
}
