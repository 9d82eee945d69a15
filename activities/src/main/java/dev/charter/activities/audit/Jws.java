package dev.charter.activities.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * JSON Web Signature (RFC 7515) in compact serialization with {@code alg: EdDSA} over Ed25519 (RFC
 * 8037): {@code BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature)}, the signature
 * taken over the ASCII of the first two parts. Header and payload are written in the ledger's
 * canonical JSON, so signing the same content twice gives the same token.
 */
public final class Jws {

  /** The JWS {@code alg} of Ed25519 signatures (RFC 8037 section 3.1). */
  public static final String ALG = "EdDSA";

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Jws() {}

  /** Signs {@code payload} with {@code key}; the header carries alg, kid and {@code typ}. */
  public static String sign(LedgerSigningKey key, String typ, JsonNode payload) {
    ObjectNode header = JsonNodeFactory.instance.objectNode();
    header.put("alg", ALG);
    header.put("kid", key.keyId());
    header.put("typ", typ);
    String signingInput =
        ENCODER.encodeToString(CanonicalJson.bytes(header))
            + "."
            + ENCODER.encodeToString(CanonicalJson.bytes(payload));
    byte[] signature = key.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + ENCODER.encodeToString(signature);
  }

  /**
   * Verifies a compact JWS with {@code publicKey} and returns its payload.
   *
   * @throws IllegalArgumentException naming what is wrong: not three parts, not base64url, a header
   *     other than {@code alg: EdDSA}, or a signature that does not verify
   */
  public static JsonNode verify(String compact, PublicKey publicKey) {
    String[] parts = compact == null ? new String[0] : compact.trim().split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "JWS: compact serialization has 3 dot-separated parts, got " + parts.length);
    }
    JsonNode header = decodeJson(parts[0], "header");
    if (!ALG.equals(header.path("alg").asText())) {
      throw new IllegalArgumentException(
          "JWS: header `alg` must be `" + ALG + "`, got `" + header.path("alg").asText() + "`");
    }
    byte[] signature;
    try {
      signature = DECODER.decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("JWS: signature is not base64url", e);
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(signature)) {
        throw new IllegalArgumentException(
            "JWS: signature does not verify with key " + LedgerSigningKey.keyId(publicKey));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("JWS: signature cannot be checked: " + e.getMessage(), e);
    }
    return decodeJson(parts[1], "payload");
  }

  private static JsonNode decodeJson(String part, String what) {
    try {
      return CanonicalJson.parse(new String(DECODER.decode(part), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("JWS: " + what + " is not base64url JSON", e);
    }
  }
}
