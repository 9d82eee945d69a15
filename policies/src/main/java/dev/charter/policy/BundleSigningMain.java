package dev.charter.policy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Signs bundle directories in place with an author key: {@code BundleSigningMain <key.jwk.json>
 * <bundle-dir>...}. The build runs it to sign the demo bundle it ships with the development key
 * that {@code charter dev} trusts; authors sign their own bundles with {@code charter policy sign}.
 */
public final class BundleSigningMain {

  private BundleSigningMain() {}

  /** Entry point for the build. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "usage: BundleSigningMain <author-key.jwk.json> <bundle-dir>...");
    }
    PolicyAuthorKey key = PolicyAuthorKey.load(Path.of(args[0]));
    for (int i = 1; i < args.length; i++) {
      Path dir = Path.of(args[i]);
      BundleSignature signature = sign(dir, key);
      System.out.println(
          "signed policy bundle "
              + signature.bundleName()
              + " sha-256 "
              + signature.bundleHash()
              + " by "
              + signature.author()
              + " key "
              + signature.keyId());
    }
  }

  /**
   * Signs the bundle in {@code dir} with {@code key}, writing its {@value BundleSignature#FILE}.
   */
  public static BundleSignature sign(Path dir, PolicyAuthorKey key) throws Exception {
    BundleSignature signature = BundleSignature.sign(PolicyBundle.load(dir), key);
    Files.writeString(
        dir.resolve(BundleSignature.FILE), signature.compact() + "\n", StandardCharsets.UTF_8);
    return signature;
  }
}
