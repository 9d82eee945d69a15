package dev.charter.worker.codec;

import dev.charter.codec.PayloadKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Where a process's payload keys came from, and the keys. Resolution order: the {@value
 * PayloadKeys#ENVIRONMENT} variable, then a key file, then (only where the caller allows it) the
 * local dev key beside the data.
 *
 * @param keys the keys
 * @param origin what to tell the operator: the variable, the file path, or the dev key's path
 * @param devKey whether these are the generated local dev key (never for production)
 */
public record PayloadKeySource(PayloadKeys keys, String origin, boolean devKey) {

  /** File name of the local dev key inside the data directory (the default of its path). */
  public static final String DEV_KEY_FILE = "payload-dev-key";

  /**
   * Resolves the keys of a worker or REST process.
   *
   * @param environment the process environment
   * @param keyFile {@code charter.codec.key-file}, may be null
   * @param devKey the local dev key file (read when present, made when allowed), may be null
   * @param createDevKey whether a missing key may be replaced by a generated dev key (embedded
   *     Temporal only)
   * @throws IllegalStateException when no key is found and no dev key may be made
   */
  public static PayloadKeySource resolve(
      Map<String, String> environment, String keyFile, Path devKey, boolean createDevKey) {
    return find(environment, keyFile, devKey, createDevKey)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "payload encryption has no key: set "
                        + PayloadKeys.ENVIRONMENT
                        + " or charter.codec.key-file (a secret file of `id=base64-key` lines;"
                        + " make one with `charter codec new-key`)"));
  }

  /**
   * As {@link #resolve}, but empty when nothing is found (a CLI reading an old ledger needs no
   * key).
   */
  public static Optional<PayloadKeySource> find(
      Map<String, String> environment, String keyFile, Path devKey, boolean createDevKey) {
    Optional<PayloadKeys> fromEnvironment = PayloadKeys.fromEnvironment(environment);
    if (fromEnvironment.isPresent()) {
      return Optional.of(
          new PayloadKeySource(
              fromEnvironment.get(), "environment variable " + PayloadKeys.ENVIRONMENT, false));
    }
    if (keyFile != null && !keyFile.isBlank()) {
      Path file = Path.of(keyFile);
      if (!Files.isReadable(file)) {
        throw new IllegalStateException(
            "charter.codec.key-file `" + file + "` does not exist or is not readable");
      }
      return Optional.of(new PayloadKeySource(read(file), file.toString(), false));
    }
    if (devKey == null) {
      return Optional.empty();
    }
    Path dev = devKey;
    if (Files.isReadable(dev)) {
      return Optional.of(new PayloadKeySource(read(dev), dev.toString(), true));
    }
    if (!createDevKey) {
      return Optional.empty();
    }
    writeDevKey(dev);
    return Optional.of(new PayloadKeySource(read(dev), dev.toString(), true));
  }

  private static PayloadKeys read(Path file) {
    try {
      return PayloadKeys.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read payload key file " + file, e);
    }
  }

  /** Owner-only where the file system has POSIX permissions; never overwrites. */
  private static void writeDevKey(Path file) {
    String text =
        "# Charter local dev payload key (charter dev). Not for production: use a secret file or "
            + PayloadKeys.ENVIRONMENT
            + ".\n"
            + PayloadKeys.generateEntry("dev-1")
            + "\n";
    try {
      Files.createDirectories(file.getParent());
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (FileAlreadyExistsException raced) {
      // Another process of the same data directory made it first; theirs is read back.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the local dev payload key " + file, e);
    }
  }
}
