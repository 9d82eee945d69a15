package dev.charter.activities.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.util.Base64URL;
import java.security.PublicKey;
import java.text.ParseException;

/**
 * JSON Web Signature (RFC 7515) in compact serialization with {@code alg: EdDSA} over Ed25519 (RFC
 * 8037), signed and verified by Nimbus JOSE + JWT. Header and payload are encoded from the ledger's
 * canonical JSON before Nimbus signs them, so signing the same content twice gives the same token,
 * byte for byte as the receipts and checkpoints signed before Nimbus took over.
 */
public final class Jws {

  /** The JWS {@code alg} of Ed25519 signatures (RFC 8037 section 3.1). */
  public static final String ALG = JWSAlgorithm.EdDSA.getName();

  private Jws() {}

  /** Signs {@code payload} with {@code key}; the header carries alg, kid and {@code typ}. */
  public static String sign(LedgerSigningKey key, String typ, JsonNode payload) {
    ObjectNode header = JsonNodeFactory.instance.objectNode();
    header.put("alg", ALG);
    header.put("kid", key.keyId());
    header.put("typ", typ);
    try {
      // Parsed from our canonical bytes, the header keeps them as its encoding (signing input).
      JWSObject jws =
          new JWSObject(
              JWSHeader.parse(Base64URL.encode(CanonicalJson.bytes(header))),
              new Payload(Base64URL.encode(CanonicalJson.bytes(payload))));
      jws.sign(key.signer());
      return jws.serialize();
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("JWS signing failed: " + e.getMessage(), e);
    }
  }

  /**
   * Verifies a compact JWS with {@code publicKey} and returns its payload.
   *
   * @throws IllegalArgumentException naming what is wrong: not three parts, not base64url, a header
   *     other than {@code alg: EdDSA}, or a signature that does not verify
   */
  public static JsonNode verify(String compact, PublicKey publicKey) {
    return verify(parse(compact), publicKey);
  }

  /**
   * Verifies a compact JWS with the trusted key its header's {@code kid} names and returns its
   * payload.
   *
   * @throws IllegalArgumentException as {@link #verify(String, PublicKey)}, or when the header
   *     names no key or a key that is not trusted
   */
  public static JsonNode verify(String compact, TrustedKeys keys) {
    JWSObject jws = parse(compact);
    String keyId = jws.getHeader().getKeyID();
    if (keyId == null) {
      throw new IllegalArgumentException("JWS: header has no `kid`");
    }
    return verify(jws, keys.key(keyId));
  }

  /** The {@code kid} of a compact JWS's header, or null when it has none. */
  public static String keyId(String compact) {
    return parse(compact).getHeader().getKeyID();
  }

  private static JWSObject parse(String compact) {
    String[] parts = compact == null ? new String[0] : compact.trim().split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "JWS: compact serialization has 3 dot-separated parts, got " + parts.length);
    }
    JWSObject jws;
    try {
      jws = JWSObject.parse(compact.trim());
    } catch (ParseException e) {
      throw new IllegalArgumentException("JWS: header is not base64url JSON: " + e.getMessage(), e);
    }
    return jws;
  }

  private static JsonNode verify(JWSObject jws, PublicKey publicKey) {
    if (!JWSAlgorithm.EdDSA.equals(jws.getHeader().getAlgorithm())) {
      throw new IllegalArgumentException(
          "JWS: header `alg` must be `" + ALG + "`, got `" + jws.getHeader().getAlgorithm() + "`");
    }
    boolean verified;
    try {
      verified = jws.verify(new Ed25519Verifier(LedgerSigningKey.jwk(publicKey)));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("JWS: signature cannot be checked: " + e.getMessage(), e);
    }
    if (!verified) {
      throw new IllegalArgumentException(
          "JWS: signature does not verify with key " + LedgerSigningKey.keyId(publicKey));
    }
    try {
      return CanonicalJson.parse(jws.getPayload().toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("JWS: payload is not base64url JSON", e);
    }
  }
}
