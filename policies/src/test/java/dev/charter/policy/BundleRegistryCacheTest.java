package dev.charter.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A long-running worker loads bundle after bundle: the registry frees retired bundles' native
 * caches explicitly, keeps the live count under its bound, and still authorizes, with the newest
 * bundle and with an old one a pinned task asks for again.
 */
class BundleRegistryCacheTest {

  private static final int ACTIVATIONS = 5_000;
  private static final int BOUND = 40;

  private static final String SCHEMA =
      """
      namespace Ledger {
        entity Clerk = { limit: Long };
        entity Entry;
        action "post" appliesTo { principal: [Clerk], resource: [Entry], context: { amount: Long } };
        action "read" appliesTo { principal: [Clerk], resource: [Entry], context: {} };
      }
      """;

  private static PolicyBundle version(int n) throws BundleException {
    return PolicyBundle.fromFiles(
        Map.of(
            "bundle.json",
            "{\"name\": \"ledger-v" + n + "\"}",
            "charter.cedarschema",
            SCHEMA,
            "ledger.cedar",
            "// Clerks post up to their limit.\n@id(\"post-within-limit\")\n"
                + "permit (principal, action == Ledger::Action::\"post\", resource)\n"
                + "when { context.amount <= principal.limit && context.amount < "
                + (1_000 + n)
                + " };\n\n// Clerks read.\n@id(\"read\")\n"
                + "permit (principal, action == Ledger::Action::\"read\", resource);\n"));
  }

  private static AccessRequest post(long amount) {
    EntityRef clerk = new EntityRef("Ledger::Clerk", "c1");
    return new AccessRequest(
        clerk,
        "post",
        new EntityRef("Ledger::Entry", "e1"),
        Map.of("amount", amount),
        List.of(new EntityData(clerk, Map.of("limit", 500L), Set.of())));
  }

  @Test
  void should_keep_authorizing_after_thousands_of_activations_with_a_bounded_native_cache()
      throws Exception {
    PolicyBundle first = version(0);
    BundleRegistry registry = new BundleRegistry(first, OnPolicyError.DENY, BOUND);
    int liveBefore = PolicyEngine.liveCachedEntries();
    int maxSeen = 0;
    for (int n = 1; n <= ACTIVATIONS; n++) {
      registry.activate(version(n));
      PolicyDecision decision = registry.active().decide(post(100));
      assertThat(decision.outcome()).as("activation %d: %s", n, decision).isEqualTo(Verdict.ALLOW);
      maxSeen = Math.max(maxSeen, registry.cachedEntries());
    }
    System.out.printf(
        "native cache: %d activations, registry held at most %d entries (bound %d), %d live in"
            + " the JVM beyond the start%n",
        ACTIVATIONS, maxSeen, BOUND, PolicyEngine.liveCachedEntries() - liveBefore);

    assertThat(maxSeen).isLessThanOrEqualTo(BOUND);
    assertThat(PolicyEngine.liveCachedEntries() - liveBefore).isLessThanOrEqualTo(BOUND);
    // A task pinned to the very first bundle still gets its decision: the engine prepares again.
    PolicyEngine pinned = registry.find(first.id()).orElseThrow();
    assertThat(pinned.decide(post(100)).outcome()).isEqualTo(Verdict.ALLOW);
    assertThat(registry.cachedEntries()).isLessThanOrEqualTo(BOUND);
    assertThat(registry.bundles()).hasSize(ACTIVATIONS + 1);
  }

  @Test
  void should_free_an_engines_native_entries_on_close_and_prepare_them_again_on_use()
      throws Exception {
    PolicyEngine engine = new PolicyEngine(version(0));
    int live = PolicyEngine.liveCachedEntries();
    int held = engine.cachedEntries();
    assertThat(held).isGreaterThan(0);

    engine.close();

    assertThat(engine.cachedEntries()).isZero();
    assertThat(PolicyEngine.liveCachedEntries()).isEqualTo(live - held);
    assertThat(engine.decide(post(100)).outcome()).isEqualTo(Verdict.ALLOW);
    assertThat(engine.cachedEntries()).isEqualTo(held);
    engine.close();
  }
}
