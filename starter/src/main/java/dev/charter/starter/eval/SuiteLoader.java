package dev.charter.starter.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.starter.eval.EvalSuite.Call;
import dev.charter.starter.eval.EvalSuite.EvalCase;
import dev.charter.starter.eval.EvalSuite.Expectation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads suite files: the shipped ones from {@code classpath:suites/} (listed in {@code
 * suites/index.txt}, since a jar cannot be listed), or every {@code *.json} of a folder the user
 * names. A bad file is refused whole, with the file, the case and the field in the message.
 */
public final class SuiteLoader {

  /** The shipped suites' folder on the classpath. */
  static final String SHIPPED = "suites/";

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
  private static final Set<String> INTENTS =
      Set.of("order_status", "refund", "receipt", "data_export", "escalation", "other");
  private static final Set<String> ROLES = Set.of("support_lead", "privacy_officer");

  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The suites shipped with Charter, in index order. */
  public List<EvalSuite> shipped() {
    List<EvalSuite> suites = new ArrayList<>();
    for (String name : read(SHIPPED + "index.txt").lines().map(String::strip).toList()) {
      if (!name.isEmpty() && !name.startsWith("#")) {
        suites.add(parse(SHIPPED + name + ".json", read(SHIPPED + name + ".json")));
      }
    }
    return suites;
  }

  /** Every {@code *.json} suite of {@code folder}, by file name. */
  public List<EvalSuite> folder(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("suite folder `" + folder + "` is not a directory");
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<EvalSuite> suites = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        suites.add(parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
      if (suites.isEmpty()) {
        throw new IllegalArgumentException("suite folder `" + folder + "` holds no *.json suite");
      }
      return suites;
    } catch (IOException e) {
      throw new UncheckedIOException("suite folder `" + folder + "` could not be read", e);
    }
  }

  /**
   * One suite from its text.
   *
   * @param file where it came from, for messages
   * @throws IllegalArgumentException naming file, case and field when the suite is bad
   */
  EvalSuite parse(String file, String json) {
    EvalSuite suite;
    try {
      suite = mapper.readValue(json, EvalSuite.class);
    } catch (JsonMappingException e) {
      String field =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
              .orElse("(root)");
      throw new IllegalArgumentException(
          "suite " + file + ": field `" + field + "`: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "suite "
              + file
              + ": not JSON at line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    validate(file, suite);
    return suite;
  }

  private static void validate(String file, EvalSuite suite) {
    if (suite.name() == null || !ID.matcher(suite.name()).matches()) {
      throw bad(file, null, "name", "must be lower-case letters, digits and -", suite.name());
    }
    if (suite.cases().isEmpty()) {
      throw bad(file, null, "cases", "must hold at least one case", "[]");
    }
    Set<String> ids = new HashSet<>();
    for (EvalCase c : suite.cases()) {
      if (c.id() == null || !ID.matcher(c.id()).matches()) {
        throw bad(file, c.id(), "id", "must be lower-case letters, digits and -", c.id());
      }
      if (!ids.add(c.id())) {
        throw bad(file, c.id(), "id", "is used twice", c.id());
      }
      if (c.text() == null || c.text().isBlank()) {
        throw bad(file, c.id(), "text", "must be the ticket's text", c.text());
      }
      Expectation e = c.expect();
      if (e == null) {
        throw bad(file, c.id(), "expect", "must say what must hold", null);
      }
      if (e.intent() == null || !INTENTS.contains(e.intent())) {
        throw bad(file, c.id(), "expect.intent", "must be one of " + INTENTS, e.intent());
      }
      if (e.state() == null) {
        throw bad(file, c.id(), "expect.state", "must name the final state", null);
      }
      if (e.path().isEmpty()) {
        throw bad(file, c.id(), "expect.path", "must list at least one call", "[]");
      }
      for (int i = 0; i < e.path().size(); i++) {
        Call call = e.path().get(i);
        String at = "expect.path[" + i + "]";
        if (call.tool() == null || call.tool().isBlank()) {
          throw bad(file, c.id(), at + ".tool", "must name a tool", call.tool());
        }
        if (call.verdict() == null) {
          throw bad(file, c.id(), at + ".verdict", "must be ALLOW, DENY or REQUIRE_APPROVAL", null);
        }
        if (call.policy() == null || call.policy().isBlank()) {
          throw bad(file, c.id(), at + ".policy", "must name a determining policy id", null);
        }
      }
      for (String role : e.approvals()) {
        if (!ROLES.contains(role)) {
          throw bad(file, c.id(), "expect.approvals", "roles must be among " + ROLES, role);
        }
      }
      if (e.maxSteps() != null && (e.maxSteps() < 1 || e.maxSteps() > 500)) {
        throw bad(file, c.id(), "expect.maxSteps", "must be 1..500", e.maxSteps());
      }
      if (e.decisionLatencyMs() != null && e.decisionLatencyMs() < 1) {
        throw bad(
            file, c.id(), "expect.decisionLatencyMs", "must be positive", e.decisionLatencyMs());
      }
    }
  }

  private static IllegalArgumentException bad(
      String file, String caseId, String field, String rule, Object value) {
    return new IllegalArgumentException(
        "suite "
            + file
            + (caseId == null ? "" : ": case `" + caseId + "`")
            + ": field `"
            + field
            + "` "
            + rule
            + ", got `"
            + value
            + "`");
  }

  private static String read(String resource) {
    try (InputStream in = SuiteLoader.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("suite resource `" + resource + "` not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("suite resource `" + resource + "` could not be read", e);
    }
  }
}
