package dev.charter.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.CedarJson;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Proof by difference: generated bundles, entities and requests, decided by the engine (sliced,
 * cached, entities pruned to what the slice can reach, values converted from the case JSON) and by
 * plain cedar-java {@code isAuthorized} on the whole policy set, entities and context parsed by
 * cedar-java itself from the same JSON. Request by request they must agree on Cedar's decision, the
 * determining policy ids and the erroring policy ids, and the verdict must follow the fail-closed
 * rule ({@code deny}) or Cedar ({@code cedar}).
 *
 * <p>The generator covers every Cedar value type (strings, longs, booleans, entity references,
 * records, sets of each of these, nested; decimal, ipaddr, datetime, duration, offset), entity
 * tags, entity hierarchies, action groups, policy errors (overflow, missing entities, datetime
 * overflow), bad requests (context or entity of the wrong type), several namespaces (a nested one,
 * the empty one, two in one bundle with the same action ids) and an action name beyond the Basic
 * Multilingual Plane.
 */
class PolicyDifferentialTest {

  private static final long SEED = 20261129L;
  private static final int BUNDLES = 12;

  /**
   * 1,700 per bundle, 20,400 in all; {@code -Dcharter.differential.requests=N} for a quick look.
   */
  private static final int REQUESTS_PER_BUNDLE =
      Integer.getInteger("charter.differential.requests", 1_700);

  private static final int POLICIES_PER_BUNDLE = 28;
  private static final String LOCK = "\uD83D\uDD12lock";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void should_agree_with_plain_cedar_on_every_generated_request() throws Exception {
    Random random = new Random(SEED);
    int requests = 0;
    int disagreements = 0;
    Map<String, Integer> seen = new TreeMap<>();
    List<String> examples = new ArrayList<>();
    for (int b = 0; b < BUNDLES; b++) {
      Generated generated = generateBundle(random, b);
      PolicyBundle bundle;
      try {
        bundle = PolicyBundle.fromFiles(generated.files());
      } catch (BundleException e) {
        throw new AssertionError("generated bundle " + b + " is invalid: " + e.problems(), e);
      }
      Schema schema = Schema.parse(Schema.JsonOrCedar.Cedar, generated.schema());
      PolicySet whole = new PolicySet(generated.policies());
      // Cached once so the reference stays fast; caching is cedar-java's own, the set is whole.
      whole.cache();
      schema.cache();
      BasicAuthorizationEngine cedar = new BasicAuthorizationEngine();
      try (PolicyEngine failClosed = new PolicyEngine(bundle, OnPolicyError.DENY);
          PolicyEngine asCedar = new PolicyEngine(bundle, OnPolicyError.CEDAR)) {
        World world = null;
        for (int r = 0; r < REQUESTS_PER_BUNDLE; r++) {
          if (r % 25 == 0) {
            world = new World(random, generated.namespaces());
          }
          ObjectNode request = world.request(random);
          Reference expected = reference(cedar, whole, schema, request, world);
          AccessRequest access = world.access(request);
          PolicyDecision denying = failClosed.decide(access);
          PolicyDecision following = asCedar.decide(access);
          requests++;
          count(seen, expected);
          String problem = compare(expected, denying, OnPolicyError.DENY);
          if (problem == null) {
            problem = compare(expected, following, OnPolicyError.CEDAR);
          }
          if (problem != null) {
            disagreements++;
            if (examples.size() < 5) {
              examples.add(problem + "\n  request " + request + "\n  bundle " + b);
            }
          }
        }
      }
    }
    System.out.printf(
        "differential: %d requests over %d generated bundles, %d disagreements; %s%n",
        requests, BUNDLES, disagreements, seen);
    assertThat(examples).as("disagreements with plain cedar-java").isEmpty();
    assertThat(requests).isGreaterThanOrEqualTo(Math.min(20_000, BUNDLES * REQUESTS_PER_BUNDLE));
    if (REQUESTS_PER_BUNDLE < 1_700) {
      return;
    }
    // The generator must reach what it claims to cover, or the agreement proves little.
    assertThat(seen.get("allow")).isGreaterThan(2_000);
    assertThat(seen.get("deny-by-forbid")).isGreaterThan(2_000);
    assertThat(seen.get("deny-no-permit")).isGreaterThan(500);
    assertThat(seen.get("policy-errors")).isGreaterThan(1_000);
    assertThat(seen.get("allow-with-errors")).isGreaterThan(100);
    assertThat(seen.get("bad-request")).isGreaterThan(100);
  }

  private static void count(Map<String, Integer> seen, Reference expected) {
    List<String> kinds = new ArrayList<>();
    if (expected.failed()) {
      kinds.add("bad-request");
    } else {
      kinds.add(
          expected.allowed()
              ? "allow"
              : expected.reasons().isEmpty() ? "deny-no-permit" : "deny-by-forbid");
      if (!expected.erroring().isEmpty()) {
        kinds.add("policy-errors");
        if (expected.allowed()) {
          kinds.add("allow-with-errors");
        }
      }
    }
    kinds.forEach(k -> seen.merge(k, 1, Integer::sum));
  }

  /** Why the engine's decision differs from plain Cedar's, or null. */
  private static String compare(Reference expected, PolicyDecision decision, OnPolicyError rule) {
    String where = "[" + rule + "] ";
    if (expected.failed()) {
      if (decision.outcome() != Verdict.DENY
          || decision.cedarDecision() != null
          || decision.errors().isEmpty()) {
        return where + "Cedar refused the request (" + expected.errors() + "), engine " + decision;
      }
      return null;
    }
    Verdict cedarVerdict = expected.allowed() ? Verdict.ALLOW : Verdict.DENY;
    if (decision.cedarDecision() != cedarVerdict) {
      return where + "Cedar " + expected + ", engine " + decision;
    }
    if (!new TreeSet<>(decision.determiningPolicies()).equals(expected.reasons())) {
      return where + "determining: Cedar " + expected.reasons() + ", engine " + decision;
    }
    if (!new TreeSet<>(decision.erroringPolicyIds()).equals(expected.erroring())) {
      return where + "erroring: Cedar " + expected.erroring() + ", engine " + decision;
    }
    boolean errored = !expected.erroring().isEmpty();
    Verdict outcome = rule == OnPolicyError.DENY && errored ? Verdict.DENY : cedarVerdict;
    if (decision.outcome() != outcome) {
      return where + "outcome " + decision.outcome() + ", rule says " + outcome + "; " + decision;
    }
    boolean failClosed = rule == OnPolicyError.DENY && errored && expected.allowed();
    if (decision.failClosed() != failClosed) {
      return where + "failClosed " + decision.failClosed() + ", expected " + failClosed;
    }
    return null;
  }

  /** Plain cedar-java's answer: decision, reasons and erroring ids, or the request's errors. */
  private record Reference(
      boolean failed,
      boolean allowed,
      Set<String> reasons,
      Set<String> erroring,
      List<String> errors) {}

  private static Reference reference(
      BasicAuthorizationEngine cedar,
      PolicySet whole,
      Schema schema,
      ObjectNode request,
      World world)
      throws Exception {
    Entities entities = world.referenceEntities(request);
    Value context =
        CedarJson.objectReader().forType(Value.class).readValue(request.get("context").toString());
    AuthorizationRequest query =
        new AuthorizationRequest(
            EntityUID.parse(request.get("principal").asText()).orElseThrow(),
            world.actionUid(request.get("action").asText()),
            EntityUID.parse(request.get("resource").asText()).orElseThrow(),
            Optional.of((CedarMap) context),
            Optional.of(schema),
            true);
    AuthorizationResponse response;
    try {
      response = cedar.isAuthorized(query, whole, entities);
    } catch (AuthException e) {
      return new Reference(true, false, Set.of(), Set.of(), List.of(e.getMessage()));
    }
    if (response.success.isEmpty()) {
      List<String> errors = new ArrayList<>();
      response.errors.ifPresent(list -> list.forEach(e -> errors.add(e.message)));
      return new Reference(true, false, Set.of(), Set.of(), errors);
    }
    AuthorizationSuccessResponse success = response.success.get();
    Set<String> erroring = new TreeSet<>();
    success.getErrors().forEach(e -> erroring.add(e.getPolicyId()));
    return new Reference(
        false, success.isAllowed(), new TreeSet<>(success.getReason()), erroring, List.of());
  }

  // ---------------------------------------------------------------- bundle generation

  /** A generated bundle: its files, the same policies for the reference, its namespaces. */
  private record Generated(
      Map<String, String> files, String schema, Set<Policy> policies, List<Namespace> namespaces) {}

  /**
   * One namespace of a generated schema: its prefix ({@code Acme::}, or empty), whether its action
   * ids collide with another namespace's (then requests name actions by uid), its actions.
   */
  private record Namespace(String name, boolean qualifiedActions, List<String> actions) {
    String prefix() {
      return name.isEmpty() ? "" : name + "::";
    }

    String actionKey(String id) {
      return qualifiedActions ? prefix() + "Action::\"" + id + "\"" : id;
    }
  }

  private static Generated generateBundle(Random random, int index) {
    List<Namespace> namespaces =
        switch (index % 4) {
          case 0 -> List.of(new Namespace("Acme", false, List.of("read", "write", "delete", LOCK)));
          case 1 ->
              List.of(new Namespace("Globex::Ops", false, List.of("read", "write", "delete")));
          case 2 -> List.of(new Namespace("", false, List.of("read", "write", "delete")));
          default ->
              List.of(
                  new Namespace("Acme", true, List.of("read", "write", "delete")),
                  new Namespace("Initech", true, List.of("read", "write", "delete")));
        };
    StringBuilder schema = new StringBuilder();
    for (Namespace namespace : namespaces) {
      schema.append(schemaBlock(namespace));
    }
    StringBuilder text = new StringBuilder();
    Set<Policy> policies = new LinkedHashSet<>();
    for (int p = 0; p < POLICIES_PER_BUNDLE; p++) {
      Namespace namespace = namespaces.get(random.nextInt(namespaces.size()));
      String id = "p" + index + "-" + p;
      String body = policy(random, namespace, namespaces.size() > 1);
      text.append("// generated\n@id(\"").append(id).append("\")\n").append(body).append("\n\n");
      policies.add(new Policy("@id(\"" + id + "\")\n" + body, id));
    }
    Map<String, String> files = new TreeMap<>();
    files.put(PolicyBundle.MANIFEST_FILE, "{\"name\": \"generated-" + index + "\"}");
    files.put(PolicyBundle.SCHEMA_FILE, schema.toString());
    files.put("generated.cedar", text.toString());
    return new Generated(files, schema.toString(), policies, namespaces);
  }

  private static String schemaBlock(Namespace namespace) {
    StringBuilder actions = new StringBuilder("  action \"all\";\n");
    for (String action : namespace.actions()) {
      actions
          .append("  action \"")
          .append(action)
          .append("\"")
          .append(action.equals("delete") ? "" : " in [\"all\"]")
          .append(" appliesTo { principal: [User], resource: [Doc], context: Ctx };\n");
    }
    String body =
        """
          entity Group in [Group] { level: Long };
          entity User in [Group] {
            name: String, level: Long, active: Bool, manager?: User, friends: Set<User>,
            scores: Set<Long>, flags: Set<Bool>,
            profile: { dept: String, clearance?: Long, labels: Set<String> },
            history: Set<{ amount: Long, at: datetime }>,
            balance: decimal, addr: ipaddr, joined: datetime, grace: duration
          } tags Long;
          entity Doc {
            owner: User, readers: Set<User>, secret: Bool, size: Long, price: decimal,
            net: ipaddr, created: datetime, ttl: duration,
            meta: { labels: Set<String>, nested: { depth: Long } }, related: Set<Doc>
          } tags String;
          type Ctx = {
            n: Long, s: String, at: datetime, who?: User, ips: Set<ipaddr>,
            amounts: Set<decimal>, rec: { a: Long, b: Set<Long> }, limit: decimal, wait: duration
          };
        """
            + actions;
    return namespace.name().isEmpty()
        ? body + "\n"
        : "namespace " + namespace.name() + " {\n" + body + "}\n\n";
  }

  private static String policy(Random random, Namespace ns, boolean scopeActions) {
    String p = ns.prefix();
    String effect = random.nextInt(10) < 6 ? "permit" : "forbid";
    String principal =
        pick(
            random,
            "principal",
            "principal",
            "principal == " + p + "User::\"u" + random.nextInt(5) + "\"",
            "principal in " + p + "Group::\"g" + random.nextInt(3) + "\"",
            "principal is " + p + "User",
            "principal is " + p + "User in " + p + "Group::\"g" + random.nextInt(3) + "\"");
    String action0 = ns.actions().get(random.nextInt(ns.actions().size()));
    String action1 = ns.actions().get(random.nextInt(ns.actions().size()));
    String action =
        pick(
            random,
            scopeActions ? "action in " + p + "Action::\"all\"" : "action",
            "action == " + p + "Action::\"" + action0 + "\"",
            "action in ["
                + p
                + "Action::\""
                + action0
                + "\", "
                + p
                + "Action::\""
                + action1
                + "\"]",
            "action in " + p + "Action::\"all\"");
    String resource =
        pick(
            random,
            "resource",
            "resource",
            "resource == " + p + "Doc::\"d" + random.nextInt(4) + "\"",
            "resource is " + p + "Doc");
    StringBuilder policy =
        new StringBuilder(effect + " (" + principal + ", " + action + ", " + resource + ")");
    int conditions = random.nextInt(3);
    for (int c = 0; c < conditions; c++) {
      String keyword = random.nextInt(4) == 0 ? "unless" : "when";
      String condition = condition(random, p);
      if (random.nextInt(3) == 0) {
        condition += (random.nextBoolean() ? " && " : " || ") + condition(random, p);
      }
      policy.append("\n").append(keyword).append(" { ").append(condition).append(" }");
    }
    return policy.append(";").toString();
  }

  private static String condition(Random random, String p) {
    int k = random.nextInt(6);
    return switch (random.nextInt(44)) {
      case 0 -> "principal.level > " + k;
      case 1 -> "principal.active";
      case 2 -> "resource.secret";
      case 3 -> "resource.owner == principal";
      case 4 -> "principal in resource.readers";
      case 5 -> "resource.readers.contains(principal)";
      case 6 -> "principal.friends.containsAny(resource.readers)";
      case 7 -> "principal.scores.contains(" + k + ")";
      case 8 -> "principal.flags.contains(true)";
      case 9 -> "principal.profile.dept == \"" + pick(random, "eng", "ops", "law") + "\"";
      case 10 -> "principal.profile has clearance && principal.profile.clearance >= " + k;
      case 11 -> "principal.profile.labels.containsAll(resource.meta.labels)";
      case 12 -> "resource.meta.nested.depth < " + k;
      case 13 ->
          "principal.history.contains({amount: "
              + k
              + ", at: datetime(\"2024-01-0"
              + (k + 1)
              + "\")})";
      case 14 -> "principal.balance.greaterThan(decimal(\"" + k + ".5\"))";
      case 15 -> "resource.price.lessThanOrEqual(context.limit)";
      case 16 -> "principal.addr.isInRange(resource.net)";
      case 17 -> "context.ips.contains(ip(\"10.0.0." + k + "\"))";
      case 18 -> "principal.addr.isLoopback() || principal.addr.isIpv6()";
      case 19 -> "principal.joined < context.at";
      case 20 -> "context.at > resource.created.offset(resource.ttl)";
      case 21 -> "principal.joined.durationSince(resource.created) > duration(\"" + k + "d\")";
      case 22 -> "resource.created.toDate() == datetime(\"2024-01-0" + (k + 1) + "\")";
      case 23 -> "context.wait.toHours() > " + k;
      case 24 -> "principal.hasTag(\"vip\")";
      case 25 -> "principal.hasTag(\"vip\") && principal.getTag(\"vip\") > " + k;
      case 26 ->
          "resource.hasTag(\"class\") && resource.getTag(\"class\") == \""
              + pick(random, "secret", "public")
              + "\"";
      case 27 -> "resource.hasTag(\"class\")";
      case 28 -> "principal.level * 4611686018427387904 > 0";
      case 29 -> "context.n + 9223372036854775000 > 0";
      case 30 -> "principal has manager && principal.manager.level > " + k;
      case 31 -> "resource.owner.level > " + k;
      case 32 -> "context has who && context.who.active";
      case 33 -> p + "User::\"u" + k % 5 + "\".level > " + k;
      case 34 -> "principal in " + p + "Group::\"g" + k % 3 + "\"";
      case 35 -> "context.s like \"a*\" || principal.name == context.s";
      case 36 -> "resource.related.contains(resource)";
      case 37 -> "context.rec.b.contains(context.rec.a)";
      case 38 -> "context.amounts.contains(decimal(\"1.5\"))";
      case 39 -> "action in " + p + "Action::\"all\"";
      case 40 -> "resource.created.offset(context.wait) > context.at";
      case 41 -> "resource.owner in " + p + "Group::\"g" + k % 3 + "\"";
      case 42 -> "principal.grace < context.wait";
      default -> "resource.size - context.n < " + k * 100;
    };
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }

  // ---------------------------------------------------------------- entities and requests

  /** A set of entities requests are asked against, regenerated every few requests. */
  private static final class World {
    private final List<Namespace> namespaces;
    private final Namespace home;
    private final ArrayNode entities = NODES.arrayNode();
    private Entities parsedByCedar;
    private List<EntityData> parsedByEngine;

    World(Random random, List<Namespace> namespaces) {
      this.namespaces = namespaces;
      this.home = namespaces.get(random.nextInt(namespaces.size()));
      String p = home.prefix();
      for (int g = 0; g < 3; g++) {
        ObjectNode group = entity(p + "Group", "g" + g);
        ((ObjectNode) group.get("attrs")).put("level", random.nextInt(5));
        if (g > 0 && random.nextBoolean()) {
          ((ArrayNode) group.get("parents")).add(uid(p + "Group", "g" + (g - 1)));
        }
        entities.add(group);
      }
      for (int u = 0; u < 6; u++) {
        entities.add(user(random, p, "u" + u));
      }
      for (int d = 0; d < 3; d++) {
        entities.add(doc(random, p, "d" + d));
      }
    }

    private ObjectNode user(Random random, String p, String id) {
      ObjectNode user = entity(p + "User", id);
      ObjectNode attrs = (ObjectNode) user.get("attrs");
      attrs.put("name", pick(random, "ann", "bob", "abe"));
      attrs.put("level", random.nextInt(4) == 0 ? Long.MAX_VALUE / 3 : random.nextInt(6));
      attrs.put("active", random.nextBoolean());
      if (random.nextBoolean()) {
        // Sometimes a manager not among the entities: reading it is an error.
        attrs.set("manager", entityRef(p + "User", "u" + random.nextInt(9)));
      }
      attrs.set("friends", refs(random, p + "User", "u", 9));
      ArrayNode scores = attrs.putArray("scores");
      for (int i = random.nextInt(4); i > 0; i--) {
        scores.add(random.nextInt(6));
      }
      ArrayNode flags = attrs.putArray("flags");
      if (random.nextBoolean()) {
        flags.add(random.nextBoolean());
      }
      ObjectNode profile = attrs.putObject("profile");
      profile.put("dept", pick(random, "eng", "ops", "law"));
      if (random.nextBoolean()) {
        profile.put("clearance", random.nextInt(6));
      }
      profile.set("labels", labels(random));
      ArrayNode history = attrs.putArray("history");
      for (int i = random.nextInt(3); i > 0; i--) {
        ObjectNode entry = history.addObject();
        int k = random.nextInt(6);
        entry.put("amount", k);
        entry.set("at", extn("datetime", "2024-01-0" + (random.nextBoolean() ? k + 1 : 9)));
      }
      attrs.set("balance", extn("decimal", random.nextInt(7) + "." + random.nextInt(10)));
      attrs.set("addr", extn("ip", pick(random, "10.0.0.7", "127.0.0.1", "::1", "192.168.1.1")));
      attrs.set("joined", datetime(random));
      attrs.set("grace", extn("duration", random.nextInt(48) + "h"));
      ObjectNode tags = (ObjectNode) user.get("tags");
      if (random.nextBoolean()) {
        tags.put("vip", random.nextInt(6));
      }
      return user;
    }

    private ObjectNode doc(Random random, String p, String id) {
      ObjectNode doc = entity(p + "Doc", id);
      ObjectNode attrs = (ObjectNode) doc.get("attrs");
      attrs.set("owner", entityRef(p + "User", "u" + random.nextInt(9)));
      attrs.set("readers", refs(random, p + "User", "u", 8));
      attrs.put("secret", random.nextBoolean());
      attrs.put("size", random.nextInt(500));
      attrs.set("price", extn("decimal", random.nextInt(4) + "." + random.nextInt(100)));
      attrs.set("net", extn("ip", pick(random, "10.0.0.0/8", "192.168.0.0/16", "::/0")));
      attrs.set("created", datetime(random));
      attrs.set("ttl", extn("duration", random.nextInt(30) + "d" + random.nextInt(24) + "h"));
      ObjectNode meta = attrs.putObject("meta");
      meta.set("labels", labels(random));
      meta.putObject("nested").put("depth", random.nextInt(6));
      attrs.set("related", refs(random, p + "Doc", "d", 5));
      ObjectNode tags = (ObjectNode) doc.get("tags");
      if (random.nextBoolean()) {
        tags.put("class", pick(random, "secret", "public"));
      }
      return doc;
    }

    /** A request against this world; a few are malformed on purpose. */
    ObjectNode request(Random random) {
      String p = home.prefix();
      ObjectNode request = NODES.objectNode();
      // Sometimes a principal not among the entities (u7, u8): any attribute read errors.
      request.put("principal", p + "User::\"u" + random.nextInt(9) + "\"");
      String action = home.actions().get(random.nextInt(home.actions().size()));
      request.put("action", home.actionKey(action));
      request.put("resource", p + "Doc::\"d" + random.nextInt(5) + "\"");
      ObjectNode context = request.putObject("context");
      context.put("n", random.nextInt(10) == 0 ? 900 : random.nextInt(10));
      context.put("s", pick(random, "abe", "ann", "zed"));
      context.set("at", datetime(random));
      if (random.nextBoolean()) {
        context.set("who", entityRef(p + "User", "u" + random.nextInt(9)));
      }
      ArrayNode ips = context.putArray("ips");
      for (int i = random.nextInt(3); i > 0; i--) {
        ips.add(extn("ip", "10.0.0." + random.nextInt(6)));
      }
      ArrayNode amounts = context.putArray("amounts");
      if (random.nextBoolean()) {
        amounts.add(extn("decimal", pick(random, "1.5", "2.0", "0.25")));
      }
      ObjectNode rec = context.putObject("rec");
      rec.put("a", random.nextInt(4));
      ArrayNode b = rec.putArray("b");
      for (int i = random.nextInt(3); i > 0; i--) {
        b.add(random.nextInt(4));
      }
      context.set("limit", extn("decimal", random.nextInt(4) + ".5"));
      context.set(
          "wait",
          random.nextInt(20) == 0
              ? extn("duration", "106000000d")
              : extn("duration", random.nextInt(72) + "h" + random.nextInt(60) + "m"));
      ArrayNode entities = this.entities;
      int mischief = random.nextInt(100);
      if (mischief == 0) {
        context.put("n", "not a number");
      } else if (mischief == 1) {
        context.remove("rec");
      } else if (mischief == 2) {
        // The principal (always reachable) with an attribute of the wrong type.
        entities = entities.deepCopy();
        for (int i = 0; i < entities.size(); i++) {
          if (entities
              .get(i)
              .get("uid")
              .toString()
              .contains("\"" + uidOf(request, "principal") + "\"")) {
            ((ObjectNode) entities.get(i).get("attrs")).put("level", "high");
          }
        }
      }
      request.set("entities", entities);
      return request;
    }

    private static String uidOf(ObjectNode request, String field) {
      String text = request.get(field).asText();
      return text.substring(text.indexOf("::\"") + 3, text.length() - 1);
    }

    /**
     * The request's entities as cedar-java parses them; parsed once per world (both parsers are
     * exercised on every entity of it) unless the request changed them.
     */
    Entities referenceEntities(ObjectNode request) throws Exception {
      if (request.get("entities") != entities) {
        return Entities.parse(JSON.writeValueAsString(request.get("entities")));
      }
      if (parsedByCedar == null) {
        parsedByCedar = Entities.parse(JSON.writeValueAsString(entities));
      }
      return parsedByCedar;
    }

    /** The request as the engine reads it ({@link PolicyCase#request}); entities as above. */
    AccessRequest access(ObjectNode request) {
      if (request.get("entities") != entities) {
        return PolicyCase.request(request);
      }
      if (parsedByEngine == null) {
        parsedByEngine = PolicyCase.request(request).entities();
      }
      ObjectNode withoutEntities = NODES.objectNode();
      request
          .fields()
          .forEachRemaining(
              field -> {
                if (!field.getKey().equals("entities")) {
                  withoutEntities.set(field.getKey(), field.getValue());
                }
              });
      AccessRequest parsed = PolicyCase.request(withoutEntities);
      return new AccessRequest(
          parsed.principal(), parsed.action(), parsed.resource(), parsed.context(), parsedByEngine);
    }

    EntityUID actionUid(String key) {
      for (Namespace namespace : namespaces) {
        for (String id : namespace.actions()) {
          if (namespace.actionKey(id).equals(key) && namespace == home) {
            return EntityUID.parse(namespace.prefix() + "Action::\"" + id + "\"").orElseThrow();
          }
        }
      }
      throw new IllegalStateException("no action " + key);
    }

    private static ObjectNode entity(String type, String id) {
      ObjectNode entity = NODES.objectNode();
      entity.set("uid", uid(type, id));
      entity.putObject("attrs");
      entity.putArray("parents");
      entity.putObject("tags");
      return entity;
    }

    private static ObjectNode uid(String type, String id) {
      return NODES.objectNode().put("type", type).put("id", id);
    }

    private static ObjectNode entityRef(String type, String id) {
      ObjectNode ref = NODES.objectNode();
      ref.set("__entity", uid(type, id));
      return ref;
    }

    private static ArrayNode refs(Random random, String type, String prefix, int bound) {
      ArrayNode refs = NODES.arrayNode();
      for (int i = random.nextInt(4); i > 0; i--) {
        refs.add(entityRef(type, prefix + random.nextInt(bound)));
      }
      return refs;
    }

    private static ArrayNode labels(Random random) {
      ArrayNode labels = NODES.arrayNode();
      for (int i = random.nextInt(3); i > 0; i--) {
        labels.add(pick(random, "a", "b", "c"));
      }
      return labels;
    }

    private static ObjectNode datetime(Random random) {
      String day = "2024-01-0" + (1 + random.nextInt(9));
      if (random.nextInt(4) == 0) {
        // An offset: a datetime shifted by a duration.
        ObjectNode offset = NODES.objectNode();
        ObjectNode fn = offset.putObject("__extn");
        fn.put("fn", "offset");
        fn.putArray("args")
            .add(extn("datetime", day))
            .add(extn("duration", random.nextInt(30) + "h"));
        return offset;
      }
      return extn(
          "datetime", random.nextBoolean() ? day : day + "T1" + random.nextInt(10) + ":00:00Z");
    }

    private static ObjectNode extn(String fn, String arg) {
      ObjectNode value = NODES.objectNode();
      value.putObject("__extn").put("fn", fn).put("arg", arg);
      return value;
    }
  }
}
