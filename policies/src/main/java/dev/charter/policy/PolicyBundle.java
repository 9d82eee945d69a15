package dev.charter.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.DetailedError;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A validated, immutable set of Cedar policies with their schema, identified by the sha-256 of its
 * content.
 *
 * <p>A bundle directory holds {@code *.cedar} policy files, the schema {@code charter.cedarschema}
 * and {@code bundle.json} ({@code {"name": ..., "description": ...}}); other files are ignored.
 * Loading refuses the whole bundle, naming file and line, when a policy does not parse, lacks an
 * {@code @id}, repeats one, or does not validate strictly against the schema.
 */
public final class PolicyBundle {

  /** The schema file of every bundle. */
  public static final String SCHEMA_FILE = "charter.cedarschema";

  /** The manifest file of every bundle. */
  public static final String MANIFEST_FILE = "bundle.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String id;
  private final String name;
  private final String description;
  private final List<PolicyInfo> policies;
  private final String schemaText;
  private final Set<String> actions;
  private final Set<String> approvalRoles;
  private final Map<String, Map<String, String>> toolInputs;
  private final Map<String, Set<String>> toolContexts;
  private final Map<String, Set<String>> optionalToolInputs;
  private final Map<String, Set<String>> actionGroups;
  private final Map<String, EntityRef> actionUids;
  private final Map<EntityRef, String> actionKeys;

  private PolicyBundle(
      String id,
      String name,
      String description,
      List<PolicyInfo> policies,
      String schemaText,
      SchemaActions schemaActions) {
    this.id = id;
    this.name = name;
    this.description = description;
    this.policies = List.copyOf(policies);
    this.schemaText = schemaText;
    this.actions = Collections.unmodifiableSet(new LinkedHashSet<>(schemaActions.requestable()));
    Set<String> roles = new LinkedHashSet<>();
    policies.stream().map(PolicyInfo::approvalRole).filter(r -> r != null).forEach(roles::add);
    this.approvalRoles = Collections.unmodifiableSet(roles);
    this.toolInputs = Collections.unmodifiableMap(new TreeMap<>(schemaActions.toolInputs()));
    this.toolContexts = Collections.unmodifiableMap(new TreeMap<>(schemaActions.toolContexts()));
    this.optionalToolInputs =
        Collections.unmodifiableMap(new TreeMap<>(schemaActions.optionalInputs()));
    this.actionGroups = Collections.unmodifiableMap(new TreeMap<>(schemaActions.groups()));
    this.actionUids = Collections.unmodifiableMap(new TreeMap<>(schemaActions.uids()));
    Map<EntityRef, String> keys = new HashMap<>();
    actionUids.forEach((key, uid) -> keys.put(uid, key));
    this.actionKeys = Collections.unmodifiableMap(keys);
  }

  /** Loads and validates the bundle in {@code dir}. */
  public static PolicyBundle load(Path dir) throws BundleException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Iterator<Path> it = entries.sorted().iterator(); it.hasNext(); ) {
        Path file = it.next();
        String fileName = file.getFileName().toString();
        if (Files.isRegularFile(file) && isBundleFile(fileName)) {
          files.put(fileName, normalize(Files.readString(file, StandardCharsets.UTF_8)));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new BundleException("cannot read bundle directory `" + dir + "`: " + e.getMessage(), e);
    }
    return fromFiles(files);
  }

  /**
   * Loads a bundle from a location as configuration and the CLI write it: {@code
   * classpath:policies/support-desk} or a directory path.
   */
  public static PolicyBundle loadLocation(String location) throws BundleException {
    if (location == null || location.isBlank()) {
      throw new BundleException(List.of("no bundle location given"));
    }
    if (location.startsWith("classpath:")) {
      return loadClasspath(location.substring("classpath:".length()));
    }
    Path dir = Path.of(location);
    if (!Files.isDirectory(dir)) {
      throw new BundleException(List.of("bundle directory `" + location + "` does not exist"));
    }
    return load(dir);
  }

  /**
   * Loads and validates the bundle under a classpath folder such as {@code policies/support-desk},
   * from a directory or from inside a jar.
   */
  public static PolicyBundle loadClasspath(String root) throws BundleException {
    return loadClasspath(root, PolicyBundle.class.getClassLoader());
  }

  static PolicyBundle loadClasspath(String root, ClassLoader loader) throws BundleException {
    String folder = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    URL manifest = loader.getResource(folder + "/" + MANIFEST_FILE);
    if (manifest == null) {
      throw new BundleException(
          List.of("no " + MANIFEST_FILE + " under classpath folder `" + folder + "`"));
    }
    try {
      if ("jar".equals(manifest.getProtocol())) {
        return fromFiles(readJarFolder(manifest, folder));
      }
      return load(Path.of(manifest.toURI()).getParent());
    } catch (URISyntaxException | IOException e) {
      throw new BundleException(
          "cannot read classpath folder `" + folder + "`: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the bundle files directly inside {@code folder} of the jar holding {@code manifest}.
   * Going through the jar URL connection works for plain jars and for jars nested in a Spring Boot
   * executable jar alike.
   */
  private static Map<String, String> readJarFolder(URL manifest, String folder) throws IOException {
    JarURLConnection connection = (JarURLConnection) manifest.openConnection();
    // A cached JarFile is shared with the class loader; an uncached one is ours to close.
    connection.setUseCaches(false);
    Map<String, String> files = new TreeMap<>();
    try (JarFile jar = connection.getJarFile()) {
      String prefix = folder + "/";
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || !name.startsWith(prefix)) {
          continue;
        }
        String fileName = name.substring(prefix.length());
        if (!fileName.contains("/") && isBundleFile(fileName)) {
          try (InputStream in = jar.getInputStream(entry)) {
            files.put(fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return files;
  }

  /** Builds a bundle from file names and contents, validating it as {@link #load} does. */
  static PolicyBundle fromFiles(Map<String, String> rawFiles) throws BundleException {
    Map<String, String> files = new TreeMap<>();
    rawFiles.forEach((k, v) -> files.put(k, normalize(v)));
    if (!files.containsKey(MANIFEST_FILE)) {
      throw new BundleException(List.of("missing " + MANIFEST_FILE));
    }
    if (!files.containsKey(SCHEMA_FILE)) {
      throw new BundleException(List.of("missing " + SCHEMA_FILE));
    }
    String name;
    String description;
    try {
      JsonNode manifest = JSON.readTree(files.get(MANIFEST_FILE));
      name = manifest.path("name").asText("");
      description = manifest.path("description").asText("");
    } catch (IOException e) {
      throw new BundleException(MANIFEST_FILE + ": " + e.getMessage(), e);
    }
    if (name.isBlank()) {
      throw new BundleException(List.of(MANIFEST_FILE + ": `name` is missing or blank"));
    }

    String schemaText = files.get(SCHEMA_FILE);
    Schema schema = parseSchema(schemaText);
    List<PolicyInfo> policies = parsePolicies(files);
    validate(schema, policies);
    return new PolicyBundle(
        contentId(files),
        name,
        description,
        policies,
        schemaText,
        SchemaActions.of(schemaJson(schemaText)));
  }

  private static boolean isBundleFile(String fileName) {
    return fileName.endsWith(".cedar")
        || fileName.equals(SCHEMA_FILE)
        || fileName.equals(MANIFEST_FILE);
  }

  /** Git may check files out with CRLF; the id must not depend on that. */
  private static String normalize(String text) {
    return text.replace("\r\n", "\n");
  }

  private static Schema parseSchema(String schemaText) throws BundleException {
    try {
      return Schema.parse(Schema.JsonOrCedar.Cedar, schemaText);
    } catch (AuthException | RuntimeException e) {
      String message = nativeMessage(e);
      throw new BundleException(
          List.of(SCHEMA_FILE + lineSuffix(schemaText, message) + ": " + message));
    }
  }

  /**
   * The native schema parser reports no position, so the line of the first name it complains about
   * (in backticks or after the last colon) is the best pointer an operator gets.
   */
  private static String lineSuffix(String text, String message) {
    List<String> names = new ArrayList<>();
    Matcher quoted = Pattern.compile("`([^`]+)`").matcher(message);
    while (quoted.find()) {
      names.add(quoted.group(1));
    }
    int colon = message.lastIndexOf(':');
    if (colon >= 0) {
      for (String part : message.substring(colon + 1).split(",")) {
        names.add(part.trim());
      }
    }
    String[] lines = text.split("\n", -1);
    for (String candidate : names) {
      if (candidate.isEmpty()) {
        continue;
      }
      Pattern word =
          Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(candidate) + "(?![A-Za-z0-9_])");
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].trim().startsWith("//") && word.matcher(lines[i]).find()) {
          return ":" + (i + 1);
        }
      }
    }
    return "";
  }

  private static List<PolicyInfo> parsePolicies(Map<String, String> files) throws BundleException {
    List<String> problems = new ArrayList<>();
    List<PolicyInfo> policies = new ArrayList<>();
    Map<String, PolicyInfo> byId = new HashMap<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      if (!file.getKey().endsWith(".cedar")) {
        continue;
      }
      for (PolicySource source : PolicySource.split(file.getValue())) {
        String where = file.getKey() + ":" + source.line();
        Map<String, String> annotations;
        PolicyInfo.Effect effect;
        try {
          Policy.parseStaticPolicy(source.text());
          Policy parsed = new Policy(source.text(), "unnamed");
          annotations = parsed.getAnnotations();
          effect =
              parsed.effect() == com.cedarpolicy.model.Effect.PERMIT
                  ? PolicyInfo.Effect.PERMIT
                  : PolicyInfo.Effect.FORBID;
        } catch (AuthException | RuntimeException e) {
          problems.add(where + ": " + nativeMessage(e));
          continue;
        }
        String id = annotations.get("id");
        if (id == null || id.isBlank()) {
          problems.add(where + ": policy has no @id(\"...\") annotation");
          continue;
        }
        PolicyInfo first = byId.get(id);
        if (first != null) {
          problems.add(where + ": duplicate @id `" + id + "`, first used at " + first.location());
          continue;
        }
        String description = annotations.getOrDefault("description", source.comment());
        PolicyInfo info =
            new PolicyInfo(
                id,
                effect,
                file.getKey(),
                source.line(),
                description,
                annotations.get("approval"),
                source.text());
        if (info.approvalRole() != null && effect == PolicyInfo.Effect.PERMIT) {
          problems.add(where + ": @approval is only meaningful on a forbid, policy `" + id + "`");
          continue;
        }
        byId.put(id, info);
        policies.add(info);
      }
    }
    if (!problems.isEmpty()) {
      throw new BundleException(problems);
    }
    return policies;
  }

  private static void validate(Schema schema, List<PolicyInfo> policies) throws BundleException {
    Map<String, PolicyInfo> byId = new HashMap<>();
    Set<Policy> set = new LinkedHashSet<>();
    for (PolicyInfo info : policies) {
      byId.put(info.id(), info);
      set.add(new Policy(info.source(), info.id()));
    }
    ValidationResponse response;
    try {
      response =
          new BasicAuthorizationEngine()
              .validate(new ValidationRequest(schema, new PolicySet(set)));
    } catch (AuthException | RuntimeException e) {
      throw new BundleException(List.of(SCHEMA_FILE + ": " + nativeMessage(e)));
    }
    List<String> problems = new ArrayList<>();
    response.errors.ifPresent(
        errors -> errors.forEach(e -> problems.add(SCHEMA_FILE + ": " + describe(e))));
    response.success.ifPresent(
        success ->
            success.validationErrors.forEach(
                error -> {
                  PolicyInfo info = byId.get(error.getPolicyId());
                  DetailedError detail = error.getError();
                  String where =
                      info == null
                          ? "policy `" + error.getPolicyId() + "`"
                          : info.file() + ":" + lineOf(info, detail);
                  problems.add(where + ": " + describe(detail));
                }));
    if (!problems.isEmpty() || !response.validationPassed()) {
      if (problems.isEmpty()) {
        problems.add("validation failed: " + response);
      }
      throw new BundleException(problems);
    }
  }

  private static int lineOf(PolicyInfo info, DetailedError detail) {
    if (detail.sourceLocations.isEmpty()) {
      return info.line();
    }
    return new PolicySource(info.source(), info.line(), "")
        .lineOf(detail.sourceLocations.get(0).start);
  }

  private static String describe(DetailedError error) {
    return error.message + error.help.filter(h -> !h.isBlank()).map(h -> " (" + h + ")").orElse("");
  }

  /** The native layer wraps messages in "Auth Exception: Internal error: Internal JNI Error:". */
  static String nativeMessage(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int cut = message.lastIndexOf("JNI Error:");
    if (cut >= 0) {
      message = message.substring(cut + "JNI Error:".length());
    }
    message = message.trim();
    return message.endsWith(":") ? message.substring(0, message.length() - 1).trim() : message;
  }

  /**
   * The schema in JSON form. cedar-java's {@code toJsonFormat} cannot hand back text holding
   * characters beyond the Basic Multilingual Plane (they cross JNI as surrogate pairs, which the
   * native side refuses), though Cedar itself accepts them, e.g. in action names. So each such
   * character travels as a private-use character absent from the text and is put back afterwards.
   */
  static JsonNode schemaJson(String schemaText) throws BundleException {
    Map<Integer, Integer> stand = new HashMap<>();
    Map<Integer, Integer> back = new HashMap<>();
    int next = 0xE000;
    StringBuilder safe = new StringBuilder(schemaText.length());
    for (int i = 0; i < schemaText.length(); ) {
      int cp = schemaText.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isSupplementaryCodePoint(cp)) {
        Integer standIn = stand.get(cp);
        if (standIn == null) {
          while (next <= 0xF8FF && schemaText.indexOf(next) >= 0) {
            next++;
          }
          if (next > 0xF8FF) {
            throw new BundleException(
                List.of(SCHEMA_FILE + ": too many distinct characters beyond U+FFFF"));
          }
          standIn = next++;
          stand.put(cp, standIn);
          back.put(standIn, cp);
        }
        safe.append((char) standIn.intValue());
      } else {
        safe.appendCodePoint(cp);
      }
    }
    try {
      JsonNode json = Schema.parse(Schema.JsonOrCedar.Cedar, safe.toString()).toJsonFormat();
      if (back.isEmpty()) {
        return json;
      }
      String text = JSON.writeValueAsString(json);
      StringBuilder restored = new StringBuilder(text.length());
      for (int i = 0; i < text.length(); i++) {
        Integer original = back.get((int) text.charAt(i));
        if (original == null) {
          restored.append(text.charAt(i));
        } else {
          restored.appendCodePoint(original);
        }
      }
      return JSON.readTree(restored.toString());
    } catch (AuthException | IOException | RuntimeException e) {
      throw new BundleException(SCHEMA_FILE + ": " + nativeMessage(e), e);
    }
  }

  /**
   * The actions a schema declares, in every namespace.
   *
   * @param uids each action's key mapped to its uid: the bare id (e.g. {@code issue_refund}) when
   *     only one namespace declares that id, else the uid in Cedar syntax
   * @param requestable keys of the actions a request may name (groups, which apply to no principal,
   *     excluded)
   * @param groups each action's key mapped to the keys of the groups it is in, transitively
   * @param toolInputs keys of actions whose context has an {@code input} record, mapped to its
   *     attributes and their types
   * @param toolContexts the same actions mapped to the names of their context attributes
   * @param optionalInputs the same actions mapped to the input attributes declared optional
   */
  record SchemaActions(
      Map<String, EntityRef> uids,
      Set<String> requestable,
      Map<String, Set<String>> groups,
      Map<String, Map<String, String>> toolInputs,
      Map<String, Set<String>> toolContexts,
      Map<String, Set<String>> optionalInputs) {

    static SchemaActions of(JsonNode schemaJson) {
      Map<EntityRef, JsonNode> declared = new LinkedHashMap<>();
      Map<String, Integer> idCount = new HashMap<>();
      schemaJson
          .fields()
          .forEachRemaining(
              namespace ->
                  namespace
                      .getValue()
                      .path("actions")
                      .fields()
                      .forEachRemaining(
                          action -> {
                            declared.put(
                                new EntityRef(actionType(namespace.getKey()), action.getKey()),
                                action.getValue());
                            idCount.merge(action.getKey(), 1, Integer::sum);
                          }));
      Map<EntityRef, String> keys = new LinkedHashMap<>();
      declared
          .keySet()
          .forEach(uid -> keys.put(uid, idCount.get(uid.id()) == 1 ? uid.id() : uid.toCedar()));

      Map<String, EntityRef> uids = new TreeMap<>();
      Set<String> requestable = new LinkedHashSet<>();
      Map<String, Set<String>> direct = new TreeMap<>();
      Map<String, Map<String, String>> tools = new TreeMap<>();
      Map<String, Set<String>> contexts = new TreeMap<>();
      Map<String, Set<String>> optional = new TreeMap<>();
      declared.forEach(
          (uid, action) -> {
            String key = keys.get(uid);
            uids.put(key, uid);
            JsonNode appliesTo = action.path("appliesTo");
            // An action group (such as "tool") applies to no principal type.
            if (appliesTo.path("principalTypes").size() > 0) {
              requestable.add(key);
            }
            Set<String> parents = new LinkedHashSet<>();
            for (JsonNode member : action.path("memberOf")) {
              String type = member.path("type").asText(uid.type());
              EntityRef parent =
                  new EntityRef(qualifiedActionType(uid.type(), type), member.path("id").asText());
              parents.add(keys.getOrDefault(parent, parent.toCedar()));
            }
            direct.put(key, parents);
            JsonNode input = appliesTo.path("context").path("attributes").path("input");
            if (!input.isMissingNode()) {
              Map<String, String> attributes = new TreeMap<>();
              Set<String> mayOmit = new TreeSet<>();
              input
                  .path("attributes")
                  .fields()
                  .forEachRemaining(
                      a -> {
                        attributes.put(a.getKey(), typeName(a.getValue()));
                        // `name?: Type` in the Cedar schema: a call may leave it out
                        if (!a.getValue().path("required").asBoolean(true)) {
                          mayOmit.add(a.getKey());
                        }
                      });
              tools.put(key, Collections.unmodifiableMap(attributes));
              optional.put(key, Collections.unmodifiableSet(mayOmit));
              Set<String> names = new TreeSet<>();
              appliesTo
                  .path("context")
                  .path("attributes")
                  .fieldNames()
                  .forEachRemaining(names::add);
              contexts.put(key, Collections.unmodifiableSet(names));
            }
          });
      Map<String, Set<String>> closure = new TreeMap<>();
      for (String action : direct.keySet()) {
        Set<String> groups = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(direct.get(action));
        while (!todo.isEmpty()) {
          String group = todo.remove(todo.size() - 1);
          if (groups.add(group)) {
            todo.addAll(direct.getOrDefault(group, Set.of()));
          }
        }
        closure.put(action, Collections.unmodifiableSet(groups));
      }
      return new SchemaActions(uids, requestable, closure, tools, contexts, optional);
    }

    private static String actionType(String namespace) {
      return namespace.isEmpty() ? "Action" : namespace + "::Action";
    }

    /** A {@code memberOf} type is written relative to the namespace or fully qualified. */
    private static String qualifiedActionType(String ownType, String written) {
      if (written.contains("::") || ownType.equals(written)) {
        return written;
      }
      int cut = ownType.lastIndexOf("::");
      return cut < 0 ? written : ownType.substring(0, cut) + "::" + written;
    }
  }

  /** Primitive names as the Cedar syntax writes them; Bool and Boolean are one type. */
  private static String typeName(JsonNode type) {
    String name = type.path("type").asText();
    if ("EntityOrCommon".equals(name) || "Entity".equals(name)) {
      name = type.path("name").asText();
    }
    return "Boolean".equals(name) ? "Bool" : name;
  }

  /** sha-256 over the sorted file names and their contents, each length-prefixed. */
  private static String contentId(Map<String, String> files) {
    Hasher sha = Hashing.sha256().newHasher();
    for (Map.Entry<String, String> file : files.entrySet()) {
      byte[] name = file.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
      sha.putString(name.length + ":", StandardCharsets.US_ASCII).putBytes(name);
      sha.putString(content.length + ":", StandardCharsets.US_ASCII).putBytes(content);
    }
    return sha.hash().toString();
  }

  /** sha-256 hex of the bundle's canonical content; equal content gives an equal id anywhere. */
  public String id() {
    return id;
  }

  /** The name from {@code bundle.json}. */
  public String name() {
    return name;
  }

  /** The description from {@code bundle.json}. */
  public String description() {
    return description;
  }

  /** The policies, by file name then position in the file. */
  public List<PolicyInfo> policies() {
    return policies;
  }

  /** The schema text, in Cedar syntax. */
  public String schemaText() {
    return schemaText;
  }

  /**
   * The actions a request may name (action groups excluded), by key: the bare id, e.g. {@code
   * issue_refund}, or, when several namespaces of the schema declare the same id, the uid in Cedar
   * syntax, e.g. {@code Billing::Action::"read"}.
   */
  public Set<String> actions() {
    return actions;
  }

  /**
   * The tools of this bundle: actions whose context carries an {@code input} record, by key, each
   * mapped to its input attributes and their Cedar types ({@code String}, {@code Long}, {@code
   * Bool}, or another type name).
   */
  public Map<String, Map<String, String>> toolInputs() {
    return toolInputs;
  }

  /**
   * The input attributes of each tool of {@link #toolInputs()} that a call may leave out (declared
   * {@code name?: Type}), e.g. {@code send_customer_email -> [orderId]}; every other one is
   * required.
   */
  public Map<String, Set<String>> optionalToolInputs() {
    return optionalToolInputs;
  }

  /**
   * The context attribute names each tool of {@link #toolInputs()} declares, e.g. {@code
   * issue_refund -> [approvals, input, ...]}: what a request for it may carry.
   */
  public Map<String, Set<String>> toolContexts() {
    return toolContexts;
  }

  /**
   * Every action of the schema (groups included), by key, mapped to the keys of the action groups
   * it belongs to, transitively; e.g. {@code issue_refund -> [tool]}.
   */
  public Map<String, Set<String>> actionGroups() {
    return actionGroups;
  }

  /**
   * The uid of an action named by its key ({@code issue_refund}) or written as a uid ({@code
   * Charter::Action::"issue_refund"}), in whichever namespace the schema declares it.
   *
   * @throws IllegalArgumentException naming the action when the schema does not declare it
   */
  public EntityRef actionUid(String action) {
    EntityRef uid = actionUids.get(action);
    if (uid != null) {
      return uid;
    }
    if (action.contains("::\"")) {
      EntityRef parsed = EntityRef.parse(action);
      if (actionKeys.containsKey(parsed)) {
        return parsed;
      }
    }
    throw new IllegalArgumentException(
        "action `" + action + "` is not declared by the schema of bundle `" + name + "`");
  }

  /** The key of a declared action uid, or empty when the schema does not declare it. */
  Optional<String> actionKey(EntityRef uid) {
    return Optional.ofNullable(actionKeys.get(uid));
  }

  /** Every role some {@code @approval} forbid names. */
  public Set<String> approvalRoles() {
    return approvalRoles;
  }

  @Override
  public String toString() {
    return "PolicyBundle[" + name + " " + id + ", " + policies.size() + " policies]";
  }
}
