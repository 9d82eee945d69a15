package dev.charter.policy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Map;

/**
 * A policy author's private signing key: an RSA JWK whose {@code kid} is its RFC 7638 thumbprint,
 * plus the author it belongs to. It lives with the author (a file only they can read), never in a
 * bundle or a worker; workers hold only the public half, in their {@link TrustedAuthors}.
 *
 * @param author the author's id (a Cedar {@code Human})
 * @param jwk the private key
 */
public record PolicyAuthorKey(String author, RSAKey jwk) {

  /** The JWK member naming the author in a key file. */
  static final String AUTHOR_MEMBER = "charter_author";

  public PolicyAuthorKey {
    if (author == null || author.isBlank()) {
      throw new IllegalArgumentException("a policy author key needs an author id");
    }
    if (!jwk.isPrivate()) {
      throw new IllegalArgumentException(
          "the key of policy author `" + author + "` has no private part: it cannot sign");
    }
  }

  /** The key id: the JWK thumbprint. */
  public String keyId() {
    return jwk.getKeyID();
  }

  /** A fresh 3072-bit key for {@code author}. */
  public static PolicyAuthorKey generate(String author) {
    try {
      return new PolicyAuthorKey(
          author, new RSAKeyGenerator(3072).keyIDFromThumbprint(true).generate());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }

  /**
   * Reads a key file written by {@link #save}.
   *
   * @throws IllegalArgumentException naming the file when it is not a private RSA JWK with an
   *     author
   */
  public static PolicyAuthorKey load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      Map<String, Object> json = com.nimbusds.jose.util.JSONObjectUtils.parse(text);
      Object author = json.remove(AUTHOR_MEMBER);
      JWK jwk = JWK.parse(json);
      if (!(jwk instanceof RSAKey rsa)) {
        throw new IllegalArgumentException(
            "policy author key `" + file + "` is a " + jwk.getKeyType() + " key, not RSA");
      }
      if (!(author instanceof String name)) {
        throw new IllegalArgumentException(
            "policy author key `" + file + "` does not name its author (`" + AUTHOR_MEMBER + "`)");
      }
      RSAKey withId =
          rsa.getKeyID() == null ? new RSAKey.Builder(rsa).keyIDFromThumbprint().build() : rsa;
      return new PolicyAuthorKey(name, withId);
    } catch (ParseException | JOSEException e) {
      throw new IllegalArgumentException(
          "policy author key `" + file + "` is not a JWK: " + e.getMessage(), e);
    }
  }

  /** Writes the private key, readable by its owner only where the file system allows. */
  public void save(Path file) throws IOException {
    Map<String, Object> json = jwk.toJSONObject();
    json.put(AUTHOR_MEMBER, author);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(
        file,
        com.nimbusds.jose.util.JSONObjectUtils.toJSONString(json) + "\n",
        StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file keeps the directory's access rules.
    }
  }

  /** The public half, to put in a worker's trusted authors. */
  public RSAKey publicJwk() {
    return jwk.toPublicJWK();
  }
}
