package dev.charter.model.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.model.Intent;
import dev.charter.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hand-written paraphrases kept in the repository ({@link DatasetGenerator#CURATED_RESOURCE}): one
 * JSON object a line, {@code {"text": ..., "intent": ...}}. They add phrasings no template has.
 *
 * @param examples the lines in file order, each with source {@code curated-paraphrases:<line>}
 * @param sha256 hex sha-256 of the file's bytes, recorded in the lineage
 */
record CuratedParaphrases(List<LabeledExample> examples, String sha256) {

  /**
   * Reads and checks the curated file.
   *
   * @throws IllegalStateException naming the line when one is malformed, has an unknown intent or
   *     repeats an earlier text
   */
  static CuratedParaphrases load(String resource) {
    byte[] bytes;
    try (InputStream in = CuratedParaphrases.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("curated dataset `" + resource + "` not on the classpath");
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read curated dataset `" + resource + "`", e);
    }
    ObjectMapper json = new ObjectMapper();
    List<LabeledExample> examples = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      int lineNumber = i + 1;
      String where = "curated dataset `" + resource + "` line " + lineNumber;
      JsonNode node;
      try {
        node = json.readTree(lines[i]);
      } catch (IOException e) {
        throw new IllegalStateException(where + ": not JSON: " + e.getMessage(), e);
      }
      String text = node.path("text").asText("");
      String intent = node.path("intent").asText("");
      if (text.isBlank()) {
        throw new IllegalStateException(where + ": `text` is missing or blank");
      }
      try {
        Intent.fromLabel(intent);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(where + ": " + e.getMessage(), e);
      }
      if (!seen.add(text)) {
        throw new IllegalStateException(where + ": repeats the text `" + text + "`");
      }
      examples.add(
          new LabeledExample(text, intent, DatasetGenerator.CURATED_SOURCE + ":" + lineNumber));
    }
    return new CuratedParaphrases(List.copyOf(examples), Sha256.hex(bytes));
  }
}
