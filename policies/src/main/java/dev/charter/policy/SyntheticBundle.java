package dev.charter.policy;

import java.util.Map;
import java.util.TreeMap;

/**
 * A large bundle for benchmarks and differential tests: the demo support-desk bundle plus synthetic
 * agent tools {@code tool_000, tool_001, ...} (each in the {@code tool} group, acting on {@code
 * Shop::Order}) with five rules each, as a platform with many tools would have them:
 *
 * <ol>
 *   <li>permit up to five times the tool's limit;
 *   <li>forbid above five times the limit (hard limit);
 *   <li>{@code @approval("support_lead")} forbid above the limit;
 *   <li>forbid when the content is tainted and the agent's risk tier is HIGH;
 *   <li>forbid on RESTRICTED data.
 * </ol>
 *
 * Tool {@code i} has the limit {@code (i + 1) * 1000} cents. Policies are added tool by tool, rule
 * by rule, until the bundle holds the asked number.
 */
public final class SyntheticBundle {

  /** Rules per synthetic tool. */
  public static final int RULES_PER_TOOL = 5;

  private SyntheticBundle() {}

  /** The limit (cents) of synthetic tool {@code index}. */
  public static long limitCents(int index) {
    return (index + 1) * 1000L;
  }

  /** The action name of synthetic tool {@code index}. */
  public static String toolName(int index) {
    return String.format("tool_%03d", index);
  }

  /** How many synthetic tools a bundle of {@code totalPolicies} has on top of the demo bundle. */
  public static int toolCount(PolicyBundle demo, int totalPolicies) {
    int extra = totalPolicies - demo.policies().size();
    return (extra + RULES_PER_TOOL - 1) / RULES_PER_TOOL;
  }

  /**
   * The demo bundle grown to {@code totalPolicies} policies.
   *
   * @throws IllegalArgumentException when {@code totalPolicies} is smaller than the demo bundle
   */
  public static PolicyBundle build(int totalPolicies) throws BundleException {
    PolicyBundle demo = PolicyBundle.loadClasspath("policies/support-desk");
    if (totalPolicies < demo.policies().size()) {
      throw new IllegalArgumentException(
          "a synthetic bundle needs at least the demo's "
              + demo.policies().size()
              + " policies, got "
              + totalPolicies);
    }
    int tools = toolCount(demo, totalPolicies);
    StringBuilder actions = new StringBuilder();
    for (int i = 0; i < tools; i++) {
      actions
          .append("  action \"")
          .append(toolName(i))
          .append("\" in [\"tool\"] appliesTo {\n")
          .append("    principal: [Agent],\n    resource: [Shop::Order],\n")
          .append("    context: {\n      input: { orderId: String, amountCents: Long },\n")
          .append("      labels: Labels, tainted: Bool, riskTier: String, approvals: Set<String>\n")
          .append("    }\n  };\n\n");
    }
    String anchor = "  action \"invoke_model\"";
    String schema = demo.schemaText();
    if (!schema.contains(anchor)) {
      throw new IllegalStateException("demo schema has no `invoke_model` action to insert before");
    }
    schema = schema.replace(anchor, actions + anchor);

    StringBuilder policies = new StringBuilder();
    int extra = totalPolicies - demo.policies().size();
    for (int n = 0; n < extra; n++) {
      int tool = n / RULES_PER_TOOL;
      String action = "action == Charter::Action::\"" + toolName(tool) + "\"";
      long limit = limitCents(tool);
      String id = toolName(tool) + "-";
      switch (n % RULES_PER_TOOL) {
        case 0 ->
            policies.append(
                String.format(
                    "// Agents may use %s up to %d cents.%n@id(\"%spermit\")%n"
                        + "permit (principal is Charter::Agent, %s, resource is Shop::Order)%n"
                        + "when { context.input.amountCents <= %d };%n%n",
                    toolName(tool), 5 * limit, id, action, 5 * limit));
        case 1 ->
            policies.append(
                String.format(
                    "// Nothing above %d cents with %s.%n@id(\"%shard-limit\")%n"
                        + "forbid (principal, %s, resource)%n"
                        + "when { context.input.amountCents > %d };%n%n",
                    5 * limit, toolName(tool), id, action, 5 * limit));
        case 2 ->
            policies.append(
                String.format(
                    "// Above %d cents a support lead approves.%n@id(\"%slead-approval\")%n"
                        + "@approval(\"support_lead\")%n"
                        + "forbid (principal, %s, resource)%n"
                        + "when { context.input.amountCents > %d }%n"
                        + "unless { context.approvals.contains(\"support_lead\") };%n%n",
                    limit, id, action, limit));
        case 3 ->
            policies.append(
                String.format(
                    "// Untrusted content does not steer a high-risk agent.%n@id(\"%stainted\")%n"
                        + "forbid (principal, %s, resource)%n"
                        + "when { context.tainted && context.riskTier == \"HIGH\" };%n%n",
                    id, action));
        default ->
            policies.append(
                String.format(
                    "// Never on restricted data.%n@id(\"%srestricted\")%n"
                        + "forbid (principal, %s, resource)%n"
                        + "when { context.labels.classification == \"RESTRICTED\" };%n%n",
                    id, action));
      }
    }

    Map<String, String> files = new TreeMap<>();
    demo.policies()
        .forEach(
            p ->
                files.merge(
                    p.file(),
                    (p.description().isEmpty() ? "" : "// " + p.description() + "\n")
                        + p.source()
                        + "\n\n",
                    String::concat));
    files.put("synthetic.cedar", policies.toString());
    files.put(PolicyBundle.SCHEMA_FILE, schema);
    files.put(
        PolicyBundle.MANIFEST_FILE,
        "{\"name\": \"synthetic-"
            + totalPolicies
            + "\", \"description\": \"support-desk plus "
            + tools
            + " synthetic tools\"}");
    return PolicyBundle.fromFiles(files);
  }
}
