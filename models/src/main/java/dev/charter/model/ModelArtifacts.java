package dev.charter.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the files of one model directory are read from: the classpath or a directory. */
@FunctionalInterface
interface ModelArtifacts {

  /**
   * The bytes of {@code name}, a path relative to the model directory.
   *
   * @throws IOException when it cannot be read; a missing file is an {@link IOException} naming it
   */
  byte[] read(String name) throws IOException;

  /** The model directory shipped on the classpath under {@code resourceDir} (ending in a slash). */
  static ModelArtifacts classpath(String resourceDir) {
    ClassLoader loader = IntentModel.class.getClassLoader();
    return name -> {
      try (InputStream in = loader.getResourceAsStream(resourceDir + name)) {
        if (in == null) {
          throw new IOException(
              "model resource `"
                  + resourceDir
                  + name
                  + "` not on the classpath: build the models module, which trains it");
        }
        return in.readAllBytes();
      }
    };
  }

  /** A model directory on disk. */
  static ModelArtifacts directory(Path dir) {
    return name -> Files.readAllBytes(dir.resolve(name));
  }
}
