package dev.charter.activities.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The default {@link LedgerWitness}: a JSON Lines file, one checkpoint per line ({@code
 * {"jws":"…","number":1}}), opened for append only and forced to disk after each line. Keep it
 * where the ledger database's users cannot write (another volume or host, a WORM bucket synced from
 * it); a missing file is an empty witness.
 */
public final class WitnessFile implements LedgerWitness {

  private final Path file;
  private StoredCheckpoint last;

  /** A witness kept in {@code file}; its folder is created on the first checkpoint. */
  public WitnessFile(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
  }

  @Override
  public String name() {
    return "witness file " + file;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /**
   * @throws IllegalArgumentException if a line is not a witnessed checkpoint, naming file and line
   */
  @Override
  public synchronized List<StoredCheckpoint> checkpoints() {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new IllegalStateException(name() + " cannot be read: " + e.getMessage(), e);
    }
    List<StoredCheckpoint> checkpoints = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = CanonicalJson.parse(line);
        if (!node.path("number").canConvertToLong() || !node.path("jws").isTextual()) {
          throw new IllegalArgumentException("expected {\"jws\":\"…\",\"number\":n}");
        }
        checkpoints.add(
            new StoredCheckpoint(node.path("number").asLong(), node.path("jws").asText()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            name() + ":" + (i + 1) + ": not a witnessed checkpoint: " + e.getMessage(), e);
      }
    }
    last = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
    return checkpoints;
  }

  @Override
  public synchronized Optional<StoredCheckpoint> last() {
    if (last == null) {
      checkpoints();
    }
    return Optional.ofNullable(last);
  }

  @Override
  public synchronized void witness(StoredCheckpoint checkpoint) {
    ObjectNode line = JsonNodeFactory.instance.objectNode();
    line.put("number", checkpoint.number());
    line.put("jws", checkpoint.jws());
    byte[] bytes = (CanonicalJson.write(line) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (FileChannel channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          name() + ": checkpoint " + checkpoint.number() + " not written: " + e.getMessage(), e);
    }
    last = checkpoint;
  }
}
