package dev.charter.starter.api;

import dev.charter.activities.authorization.PolicyAdministration;
import dev.charter.activities.authorization.PolicyAdministration.Mode;
import dev.charter.policy.BundleException;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.PolicyEngine;
import dev.charter.policy.PolicyInfo;
import dev.charter.starter.security.CedarAction;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The running worker's policy bundles: load one (active or shadow), list them, stop the shadow,
 * read the drift report. The caller is who their bearer token says; Cedar decides ({@code
 * manage_policy} to switch, {@code view_policy} to read, and the drift report's ledger reads need
 * {@code view_audit} on {@code _policy}).
 */
@RestController
@RequestMapping("/api/policy")
public class PolicyController {

  private final PolicyAdministration administration;

  public PolicyController(PolicyAdministration administration) {
    this.administration = administration;
  }

  /**
   * Loads the bundle in {@code path} and makes it active ({@code "mode": "active"}, the default) or
   * runs it in shadow ({@code "mode": "shadow"}). 201 with the new id; 400 naming file and line
   * when the bundle is invalid (the running bundle keeps deciding); 401 without a known caller; 403
   * when Cedar refuses {@code manage_policy}.
   */
  @PostMapping("/bundles")
  @CedarAction(value = "manage_policy", resource = CedarAction.POLICY)
  public ResponseEntity<Map<String, Object>> load(
      Principal caller, @RequestBody Map<String, String> body) throws BundleException {
    String user = caller.getName();
    String path = body == null ? null : body.get("path");
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("`path` is required: the bundle directory to load");
    }
    String modeName = body.getOrDefault("mode", "active");
    Mode mode;
    try {
      mode = Mode.valueOf(modeName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "`mode` must be `active` or `shadow`, got `" + modeName + "`", e);
    }
    PolicyAdministration.Switch done = administration.load(user, path, mode);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("mode", done.mode().name().toLowerCase(Locale.ROOT));
    answer.put("bundleId", done.bundleId());
    answer.put("name", done.name());
    answer.put("previousBundleId", done.previousBundleId());
    return ResponseEntity.status(HttpStatus.CREATED).body(answer);
  }

  /** The active bundle, the shadow candidate and every bundle loaded (pinned tasks need theirs). */
  @GetMapping("/bundles")
  @CedarAction(value = "view_policy", resource = CedarAction.POLICY)
  public Map<String, Object> bundles() {
    BundleRegistry registry = administration.registry();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("active", describe(registry.active().bundle()));
    answer.put(
        "shadow",
        registry.shadow().map(PolicyEngine::bundle).map(PolicyController::describe).orElse(null));
    answer.put("loaded", registry.bundles().stream().map(PolicyController::describe).toList());
    return answer;
  }

  /**
   * The policies of a loaded bundle (its id is the {@code bundleHash} verdicts record): id, effect,
   * where it is written and its description, so a verdict's determining policies can be read with
   * their authors' words; 404 when no such bundle is loaded.
   */
  @GetMapping("/bundles/{bundleId}/policies")
  @CedarAction(value = "view_policy", resource = CedarAction.POLICY)
  public Map<String, Object> policies(@PathVariable String bundleId) {
    PolicyBundle bundle =
        administration.registry().bundles().stream()
            .filter(loaded -> loaded.id().equals(bundleId))
            .findFirst()
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "no loaded bundle `"
                            + bundleId
                            + "`; loaded: "
                            + administration.registry().bundles().stream()
                                .map(PolicyBundle::id)
                                .toList()));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("bundle", describe(bundle));
    answer.put("policies", bundle.policies().stream().map(PolicyController::describe).toList());
    return answer;
  }

  /** Stops the shadow candidate. */
  @DeleteMapping("/shadow")
  @CedarAction(value = "manage_policy", resource = CedarAction.POLICY)
  public Map<String, Object> stopShadow(Principal caller) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("stopped", administration.stopShadow(caller.getName()).orElse(null));
    return answer;
  }

  /** Every decision where the shadow candidate disagreed with the active bundle. */
  @GetMapping("/drift")
  @CedarAction(value = "view_policy", resource = CedarAction.POLICY)
  public Map<String, Object> drift(
      Principal caller, @RequestParam(name = "bundle", required = false) String shadowBundleId) {
    List<Map<String, Object>> disagreements =
        administration.drift(caller.getName(), shadowBundleId);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("shadow", administration.registry().shadow().map(e -> e.bundle().id()).orElse(null));
    answer.put("active", administration.registry().active().bundle().id());
    answer.put("count", disagreements.size());
    answer.put("disagreements", disagreements);
    return answer;
  }

  private static Map<String, Object> describe(PolicyInfo policy) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", policy.id());
    out.put("effect", policy.effect().name().toLowerCase(Locale.ROOT));
    out.put("location", policy.location());
    out.put("description", policy.description());
    out.put("approvalRole", policy.approvalRole());
    return out;
  }

  private static Map<String, Object> describe(PolicyBundle bundle) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", bundle.id());
    out.put("name", bundle.name());
    out.put("policies", bundle.policies().size());
    return out;
  }
}
