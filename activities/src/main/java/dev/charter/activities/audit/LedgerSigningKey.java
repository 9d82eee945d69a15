package dev.charter.activities.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's Ed25519 signing key (JDK {@code java.security}, no extra library): signs checkpoints
 * and decision receipts. The private key is a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----},
 * as {@code openssl genpkey -algorithm ed25519} writes it); the public key is derived from it and
 * written next to it as an X.509 PEM ({@code <file>.pub.pem}) for verifiers.
 *
 * <p>The key id ({@code kid}) is the first 16 hex digits of the SHA-256 of the public key's X.509
 * encoding, so anyone holding the public key can recompute it.
 */
public final class LedgerSigningKey {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerSigningKey.class);
  private static final String ALGORITHM = "Ed25519";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

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

  /** Signs {@code data} with Ed25519 (deterministic: the same data gives the same signature). */
  public byte[] sign(byte[] data) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(privateKey);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
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
   * The JDK has no call that derives an Ed25519 public key from a private one, but its key pair
   * generator takes the 32-byte private seed from the random source; feeding it the seed yields the
   * matching public key (RFC 8032 section 5.1.5). A sign/verify round trip confirms the pair.
   */
  private static LedgerSigningKey fromPrivateKey(PrivateKey privateKey) {
    byte[] seed =
        ((java.security.interfaces.EdECPrivateKey) privateKey)
            .getBytes()
            .orElseThrow(() -> new IllegalArgumentException("Ed25519 key has no seed bytes"));
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
      PublicKey publicKey = generator.generateKeyPair().getPublic();
      LedgerSigningKey key = new LedgerSigningKey(privateKey, publicKey);
      byte[] probe = "charter-key-check".getBytes(StandardCharsets.US_ASCII);
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      if (!verifier.verify(key.sign(probe))) {
        throw new IllegalStateException(
            "derived Ed25519 public key does not match the private key");
      }
      return key;
    } catch (InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("Ed25519 is not available in this JVM", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 key derivation failed", e);
    }
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

  /** A random source that returns the given seed once: see {@link #fromPrivateKey}. */
  private static final class SeedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    SeedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("expected a request for " + seed.length + " seed bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
  }
}
