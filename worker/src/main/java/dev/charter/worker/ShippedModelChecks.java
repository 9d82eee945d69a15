package dev.charter.worker;

import dev.charter.model.ModelArtifactCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of every shipped model version against its model card, made at start without loading
 * the models (issue 18, {@code docs/supply-chain.md}): health {@code modelArtifacts} and {@code
 * /actuator/info} show them.
 *
 * @param checks one per shipped version
 */
public record ShippedModelChecks(List<ModelArtifactCheck> checks) {

  public ShippedModelChecks {
    checks = List.copyOf(checks);
  }

  /** Whether every artifact of every version matches its recorded hash. */
  public boolean verified() {
    return checks.stream().allMatch(ModelArtifactCheck::verified);
  }

  /** Each version's check as health and info show it, by version. */
  public Map<String, Object> byVersion() {
    Map<String, Object> versions = new LinkedHashMap<>();
    checks.forEach(c -> versions.put(c.version(), describe(c)));
    return versions;
  }

  private static Map<String, Object> describe(ModelArtifactCheck check) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("modelId", check.modelId());
    out.put("verified", check.verified());
    check
        .artifacts()
        .forEach(
            a ->
                out.put(
                    a.artifact(),
                    Map.of(
                        "recorded",
                        String.valueOf(a.recorded()),
                        "actual",
                        String.valueOf(a.actual()),
                        "matches",
                        a.matches())));
    return out;
  }
}
