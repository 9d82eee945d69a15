package dev.charter.starter.supply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The licence report of the charter jar, checked in the build: every third-party component its
 * CycloneDX SBOM lists must carry a licence on {@code .mvn/allowed-licences.txt}. The SBOM is the
 * one the build writes into the jar, so what is checked is what ships.
 */
class LicenceAllowListTest {

  private static final Path ALLOW_LIST = Path.of("../.mvn/allowed-licences.txt");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The allowed SPDX ids, and free-text names mapped to them. */
  record AllowList(Set<String> ids, Map<String, String> aliases) {

    static AllowList read(Path file) throws IOException {
      Set<String> ids = new HashSet<>();
      Map<String, String> aliases = new HashMap<>();
      for (String raw : Files.readAllLines(file)) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int arrow = line.indexOf("=>");
        if (arrow >= 0) {
          aliases.put(line.substring(0, arrow).strip(), line.substring(arrow + 2).strip());
        } else {
          ids.add(line);
        }
      }
      return new AllowList(ids, aliases);
    }

    boolean allows(String licence) {
      return ids.contains(aliases.getOrDefault(licence, licence));
    }

    /** One line per third-party component with no allowed licence, naming it and its licences. */
    List<String> violations(JsonNode bom) {
      List<String> out = new ArrayList<>();
      for (JsonNode component : bom.path("components")) {
        if ("dev.charter".equals(component.path("group").asText())) {
          continue; // our own modules
        }
        List<String> licences = new ArrayList<>();
        for (JsonNode entry : component.path("licenses")) {
          JsonNode licence = entry.path("license");
          String name =
              licence.hasNonNull("id")
                  ? licence.get("id").asText()
                  : licence.hasNonNull("name")
                      ? licence.get("name").asText()
                      : entry.path("expression").asText();
          licences.add(name);
        }
        if (licences.stream().noneMatch(this::allows)) {
          out.add(
              component.path("purl").asText()
                  + ": "
                  + (licences.isEmpty() ? "no licence declared" : licences + " not allowed"));
        }
      }
      return out;
    }
  }

  private static JsonNode shippedBom() throws IOException {
    try (InputStream in =
        LicenceAllowListTest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/sbom/application.cdx.json")) {
      assertThat(in).as("the build writes the SBOM before the tests").isNotNull();
      return JSON.readTree(in);
    }
  }

  @Test
  void should_find_only_allowed_licences_in_the_sbom_of_the_charter_jar() throws IOException {
    JsonNode bom = shippedBom();

    assertThat(bom.path("components").size()).isGreaterThan(50);
    assertThat(AllowList.read(ALLOW_LIST).violations(bom)).isEmpty();
  }

  @Test
  void should_name_a_planted_gpl_component_and_one_without_licence() throws IOException {
    ObjectNode bom = (ObjectNode) shippedBom();
    ArrayNode components = (ArrayNode) bom.get("components");
    ObjectNode gpl = components.addObject();
    gpl.put("group", "org.example")
        .put("name", "copyleft")
        .put("purl", "pkg:maven/org.example/copyleft@1.0");
    gpl.putArray("licenses").addObject().putObject("license").put("id", "GPL-3.0-only");
    components
        .addObject()
        .put("group", "org.example")
        .put("name", "anonymous")
        .put("purl", "pkg:maven/org.example/anonymous@2.0");

    assertThat(AllowList.read(ALLOW_LIST).violations(bom))
        .containsExactly(
            "pkg:maven/org.example/copyleft@1.0: [GPL-3.0-only] not allowed",
            "pkg:maven/org.example/anonymous@2.0: no licence declared");
  }
}
