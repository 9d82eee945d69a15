package dev.charter.model;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import com.google.common.io.ByteStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The models module's names for Guava's {@code Hashing.sha256()}, the project's one SHA-256:
 * lowercase hex digests of bytes, files and streams (lineage manifests, weights, model cards). The
 * module may not depend on the others, so it names the library call here rather than borrowing
 * another module's.
 */
public final class Sha256 {

  private Sha256() {}

  /** Hex sha-256 of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return Hashing.sha256().hashBytes(bytes).toString();
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
    HashingInputStream hashing = new HashingInputStream(Hashing.sha256(), in);
    ByteStreams.exhaust(hashing);
    return hashing.hash().toString();
  }
}
