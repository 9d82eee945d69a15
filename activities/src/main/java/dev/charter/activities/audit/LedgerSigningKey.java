package dev.charter.activities.audit;

import com.google.common.primitives.Bytes;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's Ed25519 signing key: signs checkpoints and decision receipts through Nimbus JOSE
 * ({@link #jwk()}, an RFC 8037 {@code OKP} key). The key files are the standard encodings the JDK
 * reads and writes (PKCS#8 and X.509 inside PEM armor), so {@code openssl} keys work as they are;
 * Nimbus itself reads PEM only through BouncyCastle, which Charter does not otherwise need. The
 * private key is a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey
 * -algorithm ed25519} writes it); the public key is derived from it and written next to it as an
 * X.509 PEM ({@code <file>.pub.pem}) for verifiers.
 *
 * <p>The key id ({@code kid}) is the first 16 hex digits of the SHA-256 of the public key's X.509
 * encoding, so anyone holding the public key can recompute it.
 */
public final class LedgerSigningKey {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerSigningKey.class);
  private static final String ALGORITHM = "Ed25519";

  /** SubjectPublicKeyInfo of an Ed25519 key up to its 32 key bytes (RFC 8410 section 4). */
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

  /**
   * Built once: Nimbus's signer derives the public point from the seed when it is made, a scalar
   * multiplication as dear as the signature itself, and its signing holds no mutable state.
   */
  private volatile Ed25519Signer signer;

  private LedgerSigningKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = keyId(publicKey);
  }

  /**
   * Loads the private key PEM at {@code file}; when it is missing and {@code generateIfMissing},
   * generates a new key there (owner-only permissions where the file system has them), writes the
   * public key next to it and logs both paths. Either way the public key file is (re)written.
   *
   * @throws IllegalArgumentException if the file is missing (and generation is off) or is not an
   *     Ed25519 PKCS#8 PEM, naming the file
   */
  public static LedgerSigningKey loadOrGenerate(Path file, boolean generateIfMissing) {
    Objects.requireNonNull(file, "file");
    try {
      if (!Files.exists(file)) {
        if (!generateIfMissing) {
          throw new IllegalArgumentException(
              "audit signing key `"
                  + file
                  + "` does not exist; create one with `openssl genpkey -algorithm ed25519 -out "
                  + file
                  + "` or set charter.audit.generate-signing-key=true (dev only)");
        }
        LedgerSigningKey generated = generate();
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // Written aside, then linked into place: two processes starting on one data dir must not
        // each keep a key of their own. The one whose link fails loads the winner's key.
        Path aside = Files.createTempFile(parent, ".audit-signing-key-", ".pem");
        try {
          restrictToOwner(aside);
          Files.writeString(aside, pem("PRIVATE KEY", generated.privateKey.getEncoded()));
          Files.createLink(file.toAbsolutePath(), aside);
        } catch (java.nio.file.FileAlreadyExistsException lost) {
          return loadOrGenerate(file, false);
        } finally {
          Files.deleteIfExists(aside);
        }
        Path publicFile = publicKeyFile(file);
        Files.writeString(publicFile, generated.publicKeyPem());
        LOG.warn(
            "event=audit_signing_key_generated keyId={} privateKey={} publicKey={} note=\"dev"
                + " only: in production set charter.audit.signing-key-file to a key from your"
                + " secret store\"",
            generated.keyId,
            file,
            publicFile);
        return generated;
      }
      LedgerSigningKey loaded = fromPrivateKey(readPrivateKey(file));
      Files.writeString(publicKeyFile(file), loaded.publicKeyPem());
      return loaded;
    } catch (IOException e) {
      throw new UncheckedIOException("audit signing key `" + file + "`: " + e.getMessage(), e);
    }
  }

  /**
   * The retired keys kept beside {@code file}: {@code <file>.<keyId>.retired}, written by {@link
   * #rotate}. The worker signs the ledger's record of a rotation with the retired key it replaces
   * ({@link LedgerKeyRotations}) and keeps trusting approval tokens they signed.
   */
  public static List<LedgerSigningKey> retired(Path file) {
    Path folder = file.toAbsolutePath().getParent();
    String prefix = file.getFileName() + ".";
    if (folder == null || !Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> siblings = Files.list(folder)) {
      return siblings
          .filter(
              p ->
                  p.getFileName().toString().startsWith(prefix)
                      && p.getFileName().toString().endsWith(".retired"))
          .sorted()
          .map(p -> loadOrGenerate(p, false))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "audit signing key folder `" + folder + "`: " + e.getMessage(), e);
    }
  }

  /**
   * Rotates the key at {@code file}: moves it aside as {@code <file>.<keyId>.retired} (owner-only,
   * as it was) and generates a new key in its place. A worker started afterwards signs with the new
   * key and records the rotation in the ledger, signed by the retired key.
   *
   * @return the new key
   * @throws IllegalArgumentException if there is no key at {@code file}
   */
  public static LedgerSigningKey rotate(Path file) {
    LedgerSigningKey old = loadOrGenerate(file, false);
    Path retired = file.resolveSibling(file.getFileName() + "." + old.keyId + ".retired");
    try {
      Files.move(file, retired);
      Files.deleteIfExists(publicKeyFile(file));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "audit signing key `" + file + "` cannot be retired: " + e.getMessage(), e);
    }
    LedgerSigningKey fresh = loadOrGenerate(file, true);
    LOG.info(
        "event=audit_signing_key_rotated keyId={} previousKeyId={} retired={}",
        fresh.keyId,
        old.keyId,
        retired);
    return fresh;
  }

  /** A fresh random key (tests, first start in dev). */
  public static LedgerSigningKey generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
      return new LedgerSigningKey(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JVM", e);
    }
  }

  /** Where the public key of the private key at {@code privateKeyFile} is written. */
  public static Path publicKeyFile(Path privateKeyFile) {
    return privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub.pem");
  }

  /**
   * Reads an Ed25519 public key from an X.509 PEM file ({@code -----BEGIN PUBLIC KEY-----}).
   *
   * @throws IllegalArgumentException if the file is missing or holds no Ed25519 public key
   */
  public static PublicKey readPublicKey(Path file) {
    try {
      byte[] der = pemBody(Files.readString(file), "PUBLIC KEY", file);
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "audit public key `" + file + "` cannot be read: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "audit public key `" + file + "` is not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /** The key id of {@code publicKey}: 16 hex digits of the SHA-256 of its X.509 encoding. */
  public static String keyId(PublicKey publicKey) {
    return Sha256.hex(publicKey.getEncoded()).substring(0, 16);
  }

  /**
   * The key as an RFC 8037 JWK ({@code kty: OKP, crv: Ed25519}) with its private part, for Nimbus's
   * {@code Ed25519Signer} (deterministic: the same data gives the same signature).
   */
  public OctetKeyPair jwk() {
    return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(rawPublicKey(publicKey)))
        .d(Base64URL.encode(seed(privateKey)))
        .keyID(keyId)
        .build();
  }

  /** The signer of this key for Nimbus JWS objects, made on first use and shared. */
  public Ed25519Signer signer() {
    Ed25519Signer made = signer;
    if (made == null) {
      try {
        made = new Ed25519Signer(jwk());
      } catch (JOSEException e) {
        throw new IllegalStateException("Ed25519 signer for key `" + keyId + "`: " + e, e);
      }
      signer = made;
    }
    return made;
  }

  /** A public key as an RFC 8037 JWK, for Nimbus's {@code Ed25519Verifier}. */
  public static OctetKeyPair jwk(PublicKey publicKey) {
    return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(rawPublicKey(publicKey)))
        .keyID(keyId(publicKey))
        .build();
  }

  /** The public half, for verifiers. */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** The key id carried in every JWS header this key signs. */
  public String keyId() {
    return keyId;
  }

  /** The public key as an X.509 PEM text. */
  public String publicKeyPem() {
    return pem("PUBLIC KEY", publicKey.getEncoded());
  }

  private static PrivateKey readPrivateKey(Path file) throws IOException {
    byte[] der = pemBody(Files.readString(file), "PRIVATE KEY", file);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "audit signing key `" + file + "` is not an Ed25519 PKCS#8 key: " + e.getMessage(), e);
    }
  }

  /**
   * The JDK has no call that derives an Ed25519 public key from a private one; Tink's Ed25519 (the
   * primitive under Nimbus's signer) derives it from the 32-byte seed (RFC 8032 section 5.1.5).
   */
  private static LedgerSigningKey fromPrivateKey(PrivateKey privateKey) {
    try {
      byte[] raw = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed(privateKey)).getPublicKey();
      PublicKey publicKey =
          KeyFactory.getInstance(ALGORITHM)
              .generatePublic(new X509EncodedKeySpec(Bytes.concat(X509_PREFIX, raw)));
      return new LedgerSigningKey(privateKey, publicKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 key derivation failed", e);
    }
  }

  /** The 32-byte private seed of an Ed25519 key. */
  private static byte[] seed(PrivateKey privateKey) {
    return ((EdECPrivateKey) privateKey)
        .getBytes()
        .orElseThrow(() -> new IllegalArgumentException("Ed25519 key has no seed bytes"));
  }

  /** The 32-byte public key: an Ed25519 X.509 encoding is a fixed prefix and these bytes. */
  private static byte[] rawPublicKey(PublicKey publicKey) {
    byte[] encoded = publicKey.getEncoded();
    return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
  }

  private static byte[] pemBody(String text, String label, Path file) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(
          "`" + file + "` is not a PEM file with a `" + begin + "` block");
    }
    String body = text.substring(from + begin.length(), to).replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("`" + file + "`: the PEM body is not base64", e);
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      LOG.warn(
          "event=audit_signing_key_permissions file={} note=\"not a POSIX file system\"", file);
    }
  }
}
