package dev.charter.eval.policy;

import dev.charter.policy.AccessRequest;
import dev.charter.policy.EntityData;
import dev.charter.policy.SyntheticBundle;
import dev.charter.policy.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's floor: the agent-tool rules of the demo bundle (and of the synthetic tools) as a
 * plain Java if-chain over the same request objects, with no Cedar, no schema validation and no
 * approval re-evaluation. Every rule is tried in bundle order, as an unsliced evaluator would.
 */
final class JavaRules {

  private record Rule(String action, boolean permit, boolean approval, Check check) {}

  @FunctionalInterface
  private interface Check {
    boolean applies(
        Map<String, Object> input,
        Map<String, Object> context,
        String agentTenant,
        String resourceTenant);
  }

  private final List<Rule> rules = new ArrayList<>();

  /** The demo's tool rules plus {@code syntheticTools} tools' five rules each. */
  JavaRules(int syntheticTools) {
    rules.add(new Rule("lookup_order", true, false, (i, c, a, r) -> true));
    rules.add(new Rule("issue_refund", true, false, (i, c, a, r) -> cents(i) <= 50_000));
    rules.add(new Rule("issue_refund", false, false, (i, c, a, r) -> cents(i) > 50_000));
    rules.add(new Rule("issue_refund", false, false, (i, c, a, r) -> cents(i) <= 0));
    rules.add(
        new Rule(
            "issue_refund",
            false,
            true,
            (i, c, a, r) -> cents(i) > 10_000 && !approved(c, "support_lead")));
    rules.add(new Rule("*", false, false, (i, c, a, r) -> !a.equals(r)));
    for (int t = 0; t < syntheticTools; t++) {
      String tool = SyntheticBundle.toolName(t);
      long limit = SyntheticBundle.limitCents(t);
      rules.add(new Rule(tool, true, false, (i, c, a, r) -> cents(i) <= 5 * limit));
      rules.add(new Rule(tool, false, false, (i, c, a, r) -> cents(i) > 5 * limit));
      rules.add(
          new Rule(
              tool, false, true, (i, c, a, r) -> cents(i) > limit && !approved(c, "support_lead")));
      rules.add(
          new Rule(
              tool,
              false,
              false,
              (i, c, a, r) ->
                  Boolean.TRUE.equals(c.get("tainted")) && "HIGH".equals(c.get("riskTier"))));
      rules.add(
          new Rule(
              tool,
              false,
              false,
              (i, c, a, r) ->
                  "RESTRICTED".equals(((Map<?, ?>) c.get("labels")).get("classification"))));
    }
  }

  /**
   * ALLOW when some permit and no forbid applies; REQUIRE_APPROVAL when only approval forbids do.
   */
  @SuppressWarnings("unchecked")
  Verdict decide(AccessRequest request) {
    Map<String, Object> context = request.context();
    Map<String, Object> input = (Map<String, Object>) context.get("input");
    String agentTenant = tenant(request, request.principal().toCedar());
    String resourceTenant = tenant(request, request.resource().toCedar());
    boolean permitted = false;
    boolean hardForbid = false;
    boolean approvalForbid = false;
    for (Rule rule : rules) {
      if (!rule.action().equals("*") && !rule.action().equals(request.action())) {
        continue;
      }
      if (!rule.check().applies(input, context, agentTenant, resourceTenant)) {
        continue;
      }
      if (rule.permit()) {
        permitted = true;
      } else if (rule.approval()) {
        approvalForbid = true;
      } else {
        hardForbid = true;
      }
    }
    if (hardForbid || !permitted) {
      return Verdict.DENY;
    }
    return approvalForbid ? Verdict.REQUIRE_APPROVAL : Verdict.ALLOW;
  }

  private static String tenant(AccessRequest request, String uid) {
    for (EntityData entity : request.entities()) {
      if (entity.ref().toCedar().equals(uid)) {
        return String.valueOf(entity.attributes().get("tenant"));
      }
    }
    return "";
  }

  private static long cents(Map<String, Object> input) {
    return ((Number) input.get("amountCents")).longValue();
  }

  private static boolean approved(Map<String, Object> context, String role) {
    return context.get("approvals") instanceof Collection<?> granted && granted.contains(role);
  }
}
