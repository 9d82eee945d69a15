package dev.charter.policy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A policy author's signature over a bundle's content hash: a compact JWS kept in the file {@value
 * #FILE} beside the bundle's files, outside the content it signs (detached), so adding it does not
 * change the bundle id.
 *
 * <p>The JWS payload is {@code {"author", "bundleHash", "bundleName"}}; the header names the key by
 * its RFC 7638 thumbprint ({@code kid}). RS256 is used because RSA PKCS#1 v1.5 signatures are
 * deterministic: the build signs the demo bundle and still produces a byte-identical jar.
 *
 * @param author the policy author's id; as a Cedar principal {@code Charter::Human::"<author>"}
 * @param keyId the thumbprint of the signing key
 * @param bundleHash the bundle id (content sha-256) the author signed
 * @param bundleName the bundle name the author signed
 * @param compact the JWS in compact serialization, as stored
 */
public record BundleSignature(
    String author, String keyId, String bundleHash, String bundleName, String compact) {

  /** The signature file inside a bundle directory. */
  public static final String FILE = "bundle.sig";

  /** The JOSE {@code typ} of a bundle signature, so no other JWS is taken for one. */
  static final JOSEObjectType TYPE = new JOSEObjectType("charter-bundle-signature+jws");

  /** The author as a Cedar principal. */
  public String principal() {
    return "Charter::Human::\"" + author + "\"";
  }

  /** Signs {@code bundle}'s content hash with {@code key}. */
  public static BundleSignature sign(PolicyBundle bundle, PolicyAuthorKey key) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("author", key.author());
    claims.put("bundleHash", bundle.id());
    claims.put("bundleName", bundle.name());
    JWSObject jws =
        new JWSObject(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(TYPE).keyID(key.keyId()).build(),
            new Payload(claims));
    try {
      jws.sign(new RSASSASigner(key.jwk()));
    } catch (JOSEException e) {
      throw new IllegalStateException(
          "cannot sign bundle `" + bundle.name() + "` with key " + key.keyId(), e);
    }
    return new BundleSignature(
        key.author(), key.keyId(), bundle.id(), bundle.name(), jws.serialize());
  }

  /**
   * Reads a stored signature without checking it ({@link TrustedAuthors#check} does).
   *
   * @param where the file, for the message
   * @throws IllegalArgumentException naming {@code where} when it is not a bundle signature
   */
  public static BundleSignature parse(String compact, String where) {
    try {
      JWSObject jws = JWSObject.parse(compact.strip());
      if (!TYPE.equals(jws.getHeader().getType())) {
        throw new IllegalArgumentException(
            "`"
                + where
                + "` is a JWS of type `"
                + jws.getHeader().getType()
                + "`, not a bundle signature ("
                + TYPE
                + ")");
      }
      Map<String, Object> claims = jws.getPayload().toJSONObject();
      if (claims == null) {
        throw new IllegalArgumentException("`" + where + "`: the JWS payload is not a JSON object");
      }
      return new BundleSignature(
          text(claims, "author", where),
          jws.getHeader().getKeyID(),
          text(claims, "bundleHash", where),
          text(claims, "bundleName", where),
          compact.strip());
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "`" + where + "` is not a compact JWS: " + e.getMessage(), e);
    }
  }

  /** The parsed JWS, for verification. */
  JWSObject jws() {
    try {
      return JWSObject.parse(compact);
    } catch (ParseException e) {
      throw new IllegalStateException("parsed once already", e);
    }
  }

  private static String text(Map<String, Object> claims, String name, String where) {
    Object value = claims.get(name);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(
          "`" + where + "`: the signature's `" + name + "` is missing or not a string");
    }
    return s;
  }
}
