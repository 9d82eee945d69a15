package dev.charter.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema of every audit fact, generated from the {@link AuditFact} records, is the one
 * published in docs/audit-events.schema.json: a record that gains, loses or retypes a member fails
 * here, naming the fact, until the published copy is refreshed with {@link #REFRESH}.
 */
class AuditFactSchemaTest {

  static final Path PUBLISHED = Path.of("..", "docs", "audit-events.schema.json");

  /** Rewrites {@link #PUBLISHED} from the records when set. */
  static final String REFRESH_PROPERTY = "charter.audit-schema.refresh";

  static final String REFRESH =
      "./mvnw -B -q -o -pl workflows test -Dtest=AuditFactSchemaTest -D"
          + REFRESH_PROPERTY
          + "=true";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Test
  void should_publish_the_schema_generated_from_the_records() throws IOException {
    ObjectNode generated = generate();
    if (Boolean.getBoolean(REFRESH_PROPERTY)) {
      Files.writeString(
          PUBLISHED,
          JSON.writeValueAsString(generated).replace("\r\n", "\n") + "\n",
          StandardCharsets.UTF_8);
    }
    JsonNode published = JSON.readTree(PUBLISHED.toFile());

    List<String> stale = staleFacts(generated, published);

    assertThat(stale)
        .as(
            "%s differs from the AuditFact records in the schema of %s; refresh it with `%s`"
                + " and say in docs/audit.md what changed",
            PUBLISHED.normalize(), stale, REFRESH)
        .isEmpty();
  }

  @Test
  void should_name_the_fact_whose_schema_changed() {
    ObjectNode generated = generate();
    ObjectNode edited = generated.deepCopy();
    ObjectNode pinned = (ObjectNode) edited.at("/facts/task.pinned/schema/properties");
    pinned.remove("requestedRiskTier");
    ((ObjectNode) edited.get("facts")).remove(AuditFact.AccessRefused.TYPE);

    assertThat(staleFacts(generated, edited))
        .containsExactly(AuditFact.TaskPinned.TYPE, AuditFact.AccessRefused.TYPE);
  }

  @Test
  void should_give_each_fact_its_type_name_version_and_members() {
    JsonNode facts = generate().get("facts");

    assertThat(facts.size()).isEqualTo(AuditFact.kinds().size());
    JsonNode verdict = facts.get(AuditFact.VerdictRecorded.TYPE);
    assertThat(verdict.get("record").asText()).isEqualTo("AuditFact.VerdictRecorded");
    assertThat(verdict.get("schemaVersion").asInt()).isEqualTo(3);
    assertThat(verdict.at("/schema/properties/argumentProvenance/description").asText())
        .isEqualTo("since schema version 3");
    assertThat(facts.at("/model.decided/schema/properties").has("final")).isTrue();
    assertThat(facts.at("/model.decided/schema/properties").has("isFinal")).isFalse();
    assertThat(facts.at("/task.ended/schema/additionalProperties").asBoolean(true)).isFalse();
    assertThat(facts.get(AuditFact.ToolExecuted.TYPE).get("schemaVersion").asInt()).isEqualTo(1);
  }

  /** One JSON Schema per fact, keyed by the fact's type name, in the order of the family. */
  static ObjectNode generate() {
    SchemaGenerator generator =
        new SchemaGenerator(
            new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                // the ledger reads payloads strictly: a member the record lacks is an error
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .build());
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put(
        "description",
        "JSON Schema of each audit fact's payload (the ledger's payload column), keyed by its type"
            + " name (the type column); generated from dev.charter.contract.AuditFact by "
            + "AuditFactSchemaTest: do not edit, refresh with `"
            + REFRESH
            + "`");
    ObjectNode facts = root.putObject("facts");
    for (Class<? extends AuditFact> kind : AuditFact.kinds()) {
      ObjectNode fact = facts.putObject(AuditFact.typeOf(kind));
      fact.put("record", "AuditFact." + kind.getSimpleName());
      fact.put("schemaVersion", latestSchemaVersion(kind));
      fact.set("schema", generator.generateSchema(kind));
    }
    return root;
  }

  /** The type names whose schema differs between the two documents, or is only in one. */
  static List<String> staleFacts(JsonNode generated, JsonNode published) {
    List<String> stale = new ArrayList<>();
    JsonNode now = generated.path("facts");
    JsonNode then = published.path("facts");
    for (Iterator<String> names = now.fieldNames(); names.hasNext(); ) {
      String type = names.next();
      if (!now.get(type).equals(then.get(type))) {
        stale.add(type);
      }
    }
    for (Iterator<String> names = then.fieldNames(); names.hasNext(); ) {
      String type = names.next();
      if (!now.has(type)) {
        stale.add(type);
      }
    }
    return stale;
  }

  private static int latestSchemaVersion(Class<? extends AuditFact> kind) {
    try {
      return kind.getField("LATEST_SCHEMA_VERSION").getInt(null);
    } catch (NoSuchFieldException e) {
      return 1;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(kind + ".LATEST_SCHEMA_VERSION is not public", e);
    }
  }
}
