package dev.charter.activities.audit;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/**
 * The ledger's name for Guava's {@code Hashing.sha256()}, the project's one SHA-256, rendered as 64
 * lower-case hex digits (chain links, argument and content hashes, row ids).
 */
public final class Sha256 {

  private Sha256() {}

  /** Returns the SHA-256 of {@code bytes} as 64 lower-case hex digits. */
  public static String hex(byte[] bytes) {
    return Hashing.sha256().hashBytes(bytes).toString();
  }

  /** Returns the SHA-256 of the UTF-8 bytes of {@code text} as 64 lower-case hex digits. */
  public static String hex(String text) {
    return Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString();
  }
}
