package dev.charter.activities.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The project's one hash function: SHA-256 rendered as 64 lower-case hex digits. */
public final class Sha256 {

  private Sha256() {}

  /** Returns the SHA-256 of {@code bytes} as 64 lower-case hex digits. */
  public static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256, so this is a broken runtime, not bad input.
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** Returns the SHA-256 of the UTF-8 bytes of {@code text} as 64 lower-case hex digits. */
  public static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }
}
