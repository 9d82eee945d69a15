package dev.charter.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A policy test case: a request and the verdict the bundle must give it.
 *
 * <p>Cases live in folders named after the expected outcome, {@code ALLOW/}, {@code DENY/} and
 * {@code APPROVAL/}, one JSON file per case named {@code <principal>_<action>_<resource>.json}:
 *
 * <pre>{@code
 * {
 *   "description": "a refund one cent above the approval threshold",
 *   "principal": "Charter::Agent::\"support-bot\"",
 *   "action": "issue_refund",
 *   "resource": "Shop::Order::\"1002\"",
 *   "context": {"input": {"orderId": "1002", "amountCents": 10001}, ...},
 *   "entities": [{"uid": "Shop::Order::\"1002\"", "attrs": {"tenant": "acme"}, "parents": []}],
 *   "expected": {"determiningPolicies": ["refund-needs-lead-approval"],
 *                "requiredRoles": ["support_lead"], "errors": false}
 * }
 * }</pre>
 *
 * Values are written as in Cedar's JSON entity format: {@code {"__entity": "Type::\"id\""}} (or
 * {@code {"__entity": {"type": "Type", "id": "id"}}}) is an entity reference, {@code {"__extn":
 * {"fn": "decimal", "arg": "12.50"}}} an extension value ({@code decimal}, {@code ip}, {@code
 * datetime}, {@code duration}; {@code {"fn": "offset", "args": [datetime, duration]}}), an array a
 * set, an object a record. An entity may carry {@code "tags": {...}}. The optional {@code
 * expected.erroringPolicies} lists the policies that must fail to evaluate, and {@code
 * expected.failClosed} whether the fail-closed rule must have overridden Cedar.
 *
 * @param name the file name without {@code .json}
 * @param description what the case shows
 * @param request the request
 * @param expectedOutcome the verdict, from the folder name
 * @param expectedDeterminingPolicies the determining policy ids, in any order
 * @param expectedRequiredRoles the roles REQUIRE_APPROVAL must name, in any order
 * @param expectErrors whether evaluation errors are expected
 * @param expectedErroringPolicies the policies that must fail to evaluate, in any order; null when
 *     the case does not say
 * @param expectedFailClosed whether the fail-closed rule must have turned Cedar's decision into
 *     DENY; null when the case does not say
 */
public record PolicyCase(
    String name,
    String description,
    AccessRequest request,
    Verdict expectedOutcome,
    List<String> expectedDeterminingPolicies,
    List<String> expectedRequiredRoles,
    boolean expectErrors,
    List<String> expectedErroringPolicies,
    Boolean expectedFailClosed) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Folder name of each outcome. */
  static final Map<String, Verdict> FOLDERS =
      Map.of("ALLOW", Verdict.ALLOW, "DENY", Verdict.DENY, "APPROVAL", Verdict.REQUIRE_APPROVAL);

  public PolicyCase {
    expectedDeterminingPolicies = List.copyOf(expectedDeterminingPolicies);
    expectedRequiredRoles = List.copyOf(expectedRequiredRoles);
    expectedErroringPolicies =
        expectedErroringPolicies == null ? null : List.copyOf(expectedErroringPolicies);
  }

  /** Every case under {@code root}'s outcome folders, sorted by folder then file name. */
  public static List<PolicyCase> loadAll(Path root) throws IOException {
    List<PolicyCase> cases = new ArrayList<>();
    for (String folder : new TreeSet<>(FOLDERS.keySet())) {
      Path dir = root.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file :
            files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
          cases.add(read(file, FOLDERS.get(folder)));
        }
      }
    }
    return cases;
  }

  /** Reads one case file; the expected outcome comes from its folder. */
  public static PolicyCase read(Path file, Verdict expectedOutcome) throws IOException {
    String fileName = file.getFileName().toString();
    String name = fileName.substring(0, fileName.length() - ".json".length());
    try {
      JsonNode root = JSON.readTree(Files.readString(file));
      AccessRequest request = request(root);
      JsonNode expected = root.path("expected");
      return new PolicyCase(
          name,
          root.path("description").asText(""),
          request,
          expectedOutcome,
          strings(expected.path("determiningPolicies")),
          strings(expected.path("requiredRoles")),
          expected.path("errors").asBoolean(false),
          expected.has("erroringPolicies") ? strings(expected.path("erroringPolicies")) : null,
          expected.has("failClosed") ? expected.path("failClosed").asBoolean() : null);
    } catch (IllegalArgumentException e) {
      throw new IOException("policy case " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the request of a case-shaped JSON file ({@code principal}, {@code action}, {@code
   * resource}, {@code context}, {@code entities}; {@code expected} is ignored).
   *
   * @throws IOException naming the file and the bad value when it is not such a request
   */
  public static AccessRequest readRequest(Path file) throws IOException {
    try {
      return request(JSON.readTree(Files.readString(file)));
    } catch (IllegalArgumentException e) {
      throw new IOException("request " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The request held by one JSON object shaped like a case file.
   *
   * @throws IllegalArgumentException quoting the bad value
   */
  public static AccessRequest request(JsonNode root) {
    if (!root.isObject()) {
      throw new IllegalArgumentException("a request must be a JSON object, got `" + root + "`");
    }
    for (String field : List.of("principal", "action", "resource")) {
      if (!root.path(field).isTextual()) {
        throw new IllegalArgumentException("`" + field + "` is missing or not a string");
      }
    }
    List<EntityData> entities = new ArrayList<>();
    for (JsonNode entity : root.path("entities")) {
      Set<EntityRef> parents = new LinkedHashSet<>();
      entity.path("parents").forEach(p -> parents.add(entityRef(p)));
      entities.add(
          new EntityData(
              entityRef(entity.path("uid")),
              record(entity.path("attrs")),
              parents,
              record(entity.path("tags"))));
    }
    return new AccessRequest(
        EntityRef.parse(root.path("principal").asText()),
        root.path("action").asText(),
        EntityRef.parse(root.path("resource").asText()),
        record(root.path("context")),
        entities);
  }

  /** Why {@code decision} does not match this case, or empty when it does. */
  public Optional<String> mismatch(PolicyDecision decision) {
    List<String> problems = new ArrayList<>();
    if (decision.outcome() != expectedOutcome) {
      problems.add("outcome " + decision.outcome() + ", expected " + expectedOutcome);
    }
    if (!new TreeSet<>(decision.determiningPolicies())
        .equals(new TreeSet<>(expectedDeterminingPolicies))) {
      problems.add(
          "determining policies "
              + decision.determiningPolicies()
              + ", expected "
              + expectedDeterminingPolicies);
    }
    if (!new TreeSet<>(decision.requiredRoles()).equals(new TreeSet<>(expectedRequiredRoles))) {
      problems.add(
          "required roles " + decision.requiredRoles() + ", expected " + expectedRequiredRoles);
    }
    if (decision.errors().isEmpty() == expectErrors) {
      problems.add(
          expectErrors ? "expected evaluation errors, got none" : "errors " + decision.errors());
    }
    if (expectedErroringPolicies != null
        && !decision
            .erroringPolicyIds()
            .equals(List.copyOf(new TreeSet<>(expectedErroringPolicies)))) {
      problems.add(
          "erroring policies "
              + decision.erroringPolicyIds()
              + ", expected "
              + expectedErroringPolicies);
    }
    if (expectedFailClosed != null && decision.failClosed() != expectedFailClosed) {
      problems.add("failClosed " + decision.failClosed() + ", expected " + expectedFailClosed);
    }
    return problems.isEmpty()
        ? Optional.empty()
        : Optional.of(name + ": " + String.join("; ", problems));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Map<String, Object> record(JsonNode node) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      out.put(field.getKey(), value(field.getKey(), field.getValue()));
    }
    return out;
  }

  private static Object value(String key, JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isArray()) {
      List<Object> items = new ArrayList<>();
      node.forEach(item -> items.add(value(key, item)));
      return items;
    }
    if (node.isObject()) {
      if (node.size() == 1 && node.has("__entity")) {
        return entityRef(node.get("__entity"));
      }
      if (node.size() == 1 && node.has("__extn")) {
        return extension(key, node.get("__extn"));
      }
      return record(node);
    }
    throw new IllegalArgumentException(
        "`" + key + "` = `" + node + "` cannot be a Cedar value (no floats, no nulls)");
  }

  /** {@code "Type::\"id\""} or {@code {"type": "Type", "id": "id"}}. */
  private static EntityRef entityRef(JsonNode node) {
    if (node.isObject()) {
      if (!node.path("type").isTextual() || !node.path("id").isTextual()) {
        throw new IllegalArgumentException(
            "entity reference `" + node + "` needs string `type` and `id`");
      }
      return new EntityRef(node.path("type").asText(), node.path("id").asText());
    }
    return EntityRef.parse(node.asText());
  }

  /** Cedar's {@code {"fn": "decimal", "arg": "1.5"}} or {@code {"fn": "offset", "args": [..]}}. */
  private static ExtensionValue extension(String key, JsonNode extn) {
    String fn = extn.path("fn").asText();
    if ("offset".equals(fn)) {
      JsonNode args = extn.path("args");
      if (args.size() == 2
          && value(key, args.get(0)) instanceof ExtensionValue.Datetime at
          && value(key, args.get(1)) instanceof ExtensionValue.Duration by) {
        return ExtensionValue.offset(at, by);
      }
      throw new IllegalArgumentException(
          "`" + key + "`: offset needs args [datetime, duration], got `" + args + "`");
    }
    String arg = extn.path("arg").asText();
    return switch (fn) {
      case "decimal" -> ExtensionValue.decimal(arg);
      case "ip", "ipaddr" -> ExtensionValue.ip(arg);
      case "datetime" -> ExtensionValue.datetime(arg);
      case "duration" -> ExtensionValue.duration(arg);
      default ->
          throw new IllegalArgumentException(
              "`" + key + "`: unknown extension function `" + fn + "` in `" + extn + "`");
    };
  }
}
