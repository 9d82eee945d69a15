package dev.charter.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The one sha-256 of the models module: lowercase hex digests of bytes, files and streams. */
public final class Sha256 {

  private Sha256() {}

  /** Hex sha-256 of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /** Hex sha-256 of the file at {@code path}. */
  public static String ofFile(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return ofStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash `" + path + "`", e);
    }
  }

  /** Hex sha-256 of everything left in {@code in}; does not close it. */
  public static String ofStream(InputStream in) throws IOException {
    MessageDigest digest = newDigest();
    try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
      byte[] buffer = new byte[1 << 16];
      while (digesting.read(buffer) >= 0) {
        // reading is what feeds the digest
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java 17 runtime ships SHA-256", e);
    }
  }
}
