package dev.charter.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test: the sliced, cached engine decides exactly as the reference engine (whole
 * bundle, re-parsed on every call) — same outcome, same determining ids, same roles, same errors —
 * over every policy case and thousands of generated requests.
 */
class PolicySlicingTest {

  private static final long SEED = 20261125L;
  private static final List<String> TENANTS = List.of("acme", "other");
  private static final List<String> ROLES =
      List.of("support_lead", "privacy_officer", "support_agent", "auditor", "policy_admin");

  private static PolicyBundle demo;
  private static PolicyBundle synthetic;

  @BeforeAll
  static void load() throws BundleException {
    demo = PolicyBundle.loadClasspath("policies/support-desk");
    synthetic = SyntheticBundle.build(500);
  }

  /** The actions whose context declares {@code egress}, and what their scan may find. */
  private static final Set<String> EGRESS_ACTIONS =
      Set.of("send_customer_email", "export_customer_data");

  @SuppressWarnings("unchecked")
  private static final Set<String>[] EGRESS =
      new Set[] {
        Set.of(),
        Set.of(),
        Set.of(),
        Set.of(),
        Set.of(),
        Set.of("phone"),
        Set.of("phone"),
        Set.of("secret")
      };

  @Test
  void should_slice_each_tool_down_to_the_policies_that_can_apply() {
    PolicyEngine engine = new PolicyEngine(synthetic);

    assertThat(synthetic.policies()).hasSize(500);
    // issue_refund: its nine policies plus the tenancy rule on the `tool` group.
    assertThat(engine.sliceSize("issue_refund")).isEqualTo(10);
    assertThat(engine.sliceSize(SyntheticBundle.toolName(3))).isEqualTo(6);
    assertThat(engine.sliceSize("invoke_model")).isEqualTo(3);
  }

  @Test
  void should_decide_every_case_as_the_whole_uncached_bundle_does() throws Exception {
    List<PolicyCase> cases = PolicyCase.loadAll(casesRoot());
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);

    assertSameDecisions(demo, cases.stream().map(PolicyCase::request).toList());
    assertSameDecisions(synthetic, cases.stream().map(PolicyCase::request).toList());
  }

  @Test
  void should_decide_generated_requests_as_the_whole_uncached_bundle_does() {
    Random random = new Random(SEED);
    List<AccessRequest> requests = new ArrayList<>();
    // 5,000: the API's actions (view_task, manage_routes, ...) take a share of the requests, and
    // approvals come from the tool actions only.
    for (int i = 0; i < 5000; i++) {
      requests.add(generate(random, List.copyOf(demo.actions()), 0));
    }

    Map<Verdict, Integer> outcomes = assertSameDecisions(demo, requests);

    // The generator reaches every outcome often enough for the comparison to mean something.
    assertThat(outcomes.get(Verdict.ALLOW)).isGreaterThan(300);
    assertThat(outcomes.get(Verdict.DENY)).isGreaterThan(300);
    assertThat(outcomes.get(Verdict.REQUIRE_APPROVAL)).isGreaterThan(100);
  }

  @Test
  void should_decide_generated_requests_on_the_500_policy_bundle_as_the_whole_bundle_does() {
    Random random = new Random(SEED + 1);
    int tools = SyntheticBundle.toolCount(demo, 500);
    List<String> actions = new ArrayList<>(synthetic.actions());
    List<AccessRequest> requests = new ArrayList<>();
    // 300: the demo's email and export actions share the draw with 91 synthetic tools
    for (int i = 0; i < 300; i++) {
      requests.add(generate(random, actions, tools));
    }

    Map<Verdict, Integer> outcomes = assertSameDecisions(synthetic, requests);

    assertThat(outcomes.keySet()).contains(Verdict.ALLOW, Verdict.DENY, Verdict.REQUIRE_APPROVAL);
  }

  private static Map<Verdict, Integer> assertSameDecisions(
      PolicyBundle bundle, List<AccessRequest> requests) {
    PolicyEngine fast = new PolicyEngine(bundle);
    PolicyEngine reference = PolicyEngine.reference(bundle);
    Map<Verdict, Integer> outcomes = new EnumMap<>(Verdict.class);
    List<String> mismatches = new ArrayList<>();
    for (AccessRequest request : requests) {
      PolicyDecision expected = reference.decide(request);
      PolicyDecision actual = fast.decide(request);
      outcomes.merge(expected.outcome(), 1, Integer::sum);
      if (expected.outcome() != actual.outcome()
          || !expected.determiningPolicies().equals(actual.determiningPolicies())
          || !expected.requiredRoles().equals(actual.requiredRoles())
          || !expected.errors().equals(actual.errors())) {
        mismatches.add(request + "\n  reference " + expected + "\n  sliced    " + actual);
      }
    }
    assertThat(mismatches).isEmpty();
    return outcomes;
  }

  /** A random request, mostly well-formed, sometimes with an attribute missing or mistyped. */
  private static AccessRequest generate(Random random, List<String> actions, int syntheticTools) {
    String action = actions.get(random.nextInt(actions.size()));
    if (syntheticTools > 0 && random.nextInt(3) == 0) {
      action = SyntheticBundle.toolName(random.nextInt(syntheticTools));
    }
    String agentTenant = "acme";
    String resourceTenant = random.nextInt(8) == 0 ? "other" : "acme";
    String riskTier = List.of("LOW", "MEDIUM", "HIGH").get(random.nextInt(3));
    EntityData agent =
        new EntityData(
            new EntityRef("Charter::Agent", "support-bot"),
            Map.of("profile", "support", "tenant", agentTenant, "riskTier", riskTier),
            Set.of());
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put(
        "classification",
        List.of("PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED").get(random.nextInt(4)));
    labels.put("pii", random.nextInt(3) == 0 ? List.of("email") : List.of());
    labels.put("residency", random.nextBoolean() ? "us" : "eu");
    Set<String> approvals = new TreeSet<>();
    for (String role : List.of("support_lead", "privacy_officer")) {
      if (random.nextInt(3) == 0) {
        approvals.add(role);
      }
    }
    Map<String, Object> context = new LinkedHashMap<>();
    EntityData resource;
    List<EntityData> entities = new ArrayList<>();
    EntityRef principal = agent.ref();
    entities.add(agent);
    switch (action) {
      case "invoke_model" -> {
        resource =
            new EntityData(
                new EntityRef("Charter::Backend", "b"),
                Map.of(
                    "hosting",
                    List.of("in_process", "self_hosted", "closed_api").get(random.nextInt(3)),
                    "vendor",
                    "v",
                    "region",
                    random.nextBoolean() ? "us" : "eu",
                    "retainsData",
                    random.nextBoolean()),
                Set.of());
        context.put("labels", labels);
        context.put("tainted", random.nextBoolean());
        context.put("riskTier", riskTier);
      }
      case "approve", "start_task", "view_audit", "manage_policy" -> {
        List<EntityRef> roles = new ArrayList<>();
        for (String role : ROLES) {
          if (random.nextInt(3) == 0) {
            roles.add(new EntityRef("Charter::Role", role));
            entities.add(new EntityData(new EntityRef("Charter::Role", role), Map.of(), Set.of()));
          }
        }
        EntityData human =
            new EntityData(
                new EntityRef("Charter::Human", "h"),
                Map.of("tenant", TENANTS.get(random.nextInt(2))),
                Set.copyOf(roles));
        entities.set(0, human);
        principal = human.ref();
        resource =
            new EntityData(
                new EntityRef("Charter::Task", "t"), Map.of("tenant", resourceTenant), Set.of());
        if (action.equals("approve")) {
          context.put("requiredRole", ROLES.get(random.nextInt(ROLES.size())));
          context.put("tool", "issue_refund");
        }
      }
      default -> {
        boolean customer =
            action.equals("send_customer_email") || action.equals("export_customer_data");
        boolean queue = action.equals("escalate_to_human");
        String type = customer ? "Shop::Customer" : queue ? "Shop::Queue" : "Shop::Order";
        EntityData owner =
            new EntityData(
                new EntityRef("Shop::Customer", "c"),
                Map.of(
                    "tenant",
                    resourceTenant,
                    "verifiedDestinations",
                    random.nextBoolean() ? Set.of("d") : Set.of(),
                    "contactState",
                    random.nextInt(4) == 0 ? "bounced" : "reachable",
                    "refundedTodayCents",
                    amount(random)),
                Set.of());
        resource =
            customer
                ? owner
                : queue
                    ? new EntityData(
                        new EntityRef(type, "r"), Map.of("tenant", resourceTenant), Set.of())
                    : new EntityData(
                        new EntityRef(type, "r"),
                        Map.of(
                            "tenant",
                            resourceTenant,
                            "customer",
                            owner.ref(),
                            "totalCents",
                            Math.abs(amount(random)),
                            "refundedCents",
                            Math.abs(amount(random)),
                            "currency",
                            "USD",
                            "status",
                            "delivered"),
                        Set.of());
        if (!customer && !queue) {
          entities.add(owner);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        switch (action) {
          case "send_customer_email" -> {
            input.put("customerId", "c");
            input.put("template", "t");
            EntityData template =
                new EntityData(
                    new EntityRef("Shop::EmailTemplate", "t"),
                    Map.of("includesCustomerData", random.nextBoolean()),
                    Set.of());
            entities.add(template);
            context.put("template", template.ref());
          }
          case "export_customer_data" -> {
            input.put("customerId", "c");
            input.put("destination", "d");
          }
          case "escalate_to_human" -> input.put("reason", "r");
          case "lookup_order" -> input.put("orderId", "o");
          default -> {
            input.put("orderId", "o");
            input.put("amountCents", amount(random));
          }
        }
        if (random.nextInt(40) == 0 && !input.isEmpty()) {
          // A missing argument: request validation fails, and both must deny alike.
          input.remove(input.keySet().iterator().next());
        }
        context.put("input", input);
        context.put("labels", labels);
        context.put("tainted", random.nextBoolean());
        context.put("riskTier", riskTier);
        context.put("approvals", approvals);
        // argument provenance: now and then an argument from untrusted text, or from nowhere
        context.put(
            "untrustedArguments",
            random.nextInt(4) == 0 ? new TreeSet<>(input.keySet()) : Set.of());
        context.put(
            "inventedArguments", random.nextInt(6) == 0 ? new TreeSet<>(input.keySet()) : Set.of());
        if (EGRESS_ACTIONS.contains(action)) {
          // what the call sends out: now and then a secret, or someone else's personal data;
          // chosen by the input, not drawn, so the other requests stay the ones they were
          context.put("egress", EGRESS[Math.floorMod(input.hashCode(), EGRESS.length)]);
        }
      }
    }
    entities.add(resource);
    return new AccessRequest(principal, action, resource.ref(), context, entities);
  }

  /** Amounts around every threshold of both bundles, and anywhere. */
  private static long amount(Random random) {
    long[] edges = {-5, 0, 1, 999, 1000, 1001, 5000, 10000, 10001, 20000, 50000, 50001, 100001};
    return random.nextBoolean()
        ? edges[random.nextInt(edges.length)]
        : random.nextInt(120_000) - 1_000;
  }

  private static Path casesRoot() throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(PolicySlicingTest.class.getClassLoader().getResource("cases"))
            .toURI());
  }
}
