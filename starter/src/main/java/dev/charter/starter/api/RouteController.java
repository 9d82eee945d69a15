package dev.charter.starter.api;

import dev.charter.activities.inference.CanaryRoutes;
import dev.charter.activities.inference.RouteJournal;
import dev.charter.activities.inference.RoutingInferenceActivities;
import dev.charter.activities.inference.ShadowComparison;
import dev.charter.starter.security.CedarAction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API over model routes: status (splits, shadows, breaker state, kill switches), canary split,
 * rollback, kill switch, and the shadow comparison report. Every change is audited in the {@code
 * _routes} ledger chain with its reason. Cedar decides {@code view_routes}, {@code manage_routes}
 * (canary, rollback) and {@code kill_switch}. Splits and switches live in this process's
 * OpenFeature provider: in {@code charter dev} that is the worker's.
 */
@RestController
@RequestMapping("/api/routes")
public class RouteController {

  private final CanaryRoutes routes;
  private final RoutingInferenceActivities router;
  private final ShadowComparison comparison;

  public RouteController(
      CanaryRoutes routes, RoutingInferenceActivities router, RouteJournal journal) {
    this.routes = routes;
    this.router = router;
    this.comparison = new ShadowComparison(journal);
  }

  /** Every route's arms, split and shadow; every backend's breaker figures and kill switch. */
  @GetMapping
  @CedarAction(value = "view_routes", resource = CedarAction.ROUTES)
  public Map<String, Object> status() {
    Map<String, Object> backends = new LinkedHashMap<>();
    router
        .breakerMetrics()
        .forEach(
            (name, metrics) -> {
              Map<String, Object> one = new LinkedHashMap<>(metrics);
              one.put("enabled", routes.enabled(name));
              backends.put(name, one);
            });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("routes", routes.status());
    body.put("backends", backends);
    return body;
  }

  /** Sets a route's canary split: {@code {"percent": 20, "reason": "..."}}. */
  @PostMapping("/{route}/canary")
  @CedarAction(value = "manage_routes", resource = CedarAction.ROUTES)
  public List<CanaryRoutes.RouteStatus> setCanary(
      @PathVariable String route, @RequestBody Map<String, Object> body) {
    Object percent = body == null ? null : body.get("percent");
    if (!(percent instanceof Integer value)) {
      throw new IllegalArgumentException(
          "body must be {\"percent\": 0..100, \"reason\": \"...\"}, got percent `" + percent + "`");
    }
    routes.setCanary(route, value, reason(body, "set by operator"));
    return routes.status();
  }

  /** Sends every new task of the route to the stable arm. */
  @PostMapping("/{route}/rollback")
  @CedarAction(value = "manage_routes", resource = CedarAction.ROUTES)
  public List<CanaryRoutes.RouteStatus> rollback(
      @PathVariable String route, @RequestBody(required = false) Map<String, Object> body) {
    routes.rollback(route, reason(body, "rolled back by operator"));
    return routes.status();
  }

  /** Turns a backend on or off for every route: {@code {"enabled": false, "reason": "..."}}. */
  @PostMapping("/backends/{backend}")
  @CedarAction(value = "kill_switch", resource = CedarAction.ROUTES)
  public Map<String, Object> switchBackend(
      @PathVariable String backend, @RequestBody Map<String, Object> body) {
    if (!router.breakerStates().containsKey(backend)) {
      throw new IllegalArgumentException(
          "unknown backend `" + backend + "`; known backends " + router.breakerStates().keySet());
    }
    Object enabled = body == null ? null : body.get("enabled");
    if (!(enabled instanceof Boolean value)) {
      throw new IllegalArgumentException(
          "body must be {\"enabled\": true|false, \"reason\": \"...\"}, got enabled `"
              + enabled
              + "`");
    }
    routes.setEnabled(backend, value, reason(body, "switched by operator"));
    return status();
  }

  /** Agreement, latency p50/p95 and cost per arm of the route's shadowed steps. */
  @GetMapping("/{route}/compare")
  @CedarAction(value = "view_routes", resource = CedarAction.ROUTES)
  public ShadowComparison.Report compare(@PathVariable String route) {
    if (routes.status().stream().noneMatch(r -> r.route().equals(route))) {
      throw new IllegalArgumentException(
          "unknown route `"
              + route
              + "`; known routes "
              + routes.status().stream().map(CanaryRoutes.RouteStatus::route).toList());
    }
    return comparison.compare(route);
  }

  private static String reason(Map<String, Object> body, String fallback) {
    Object reason = body == null ? null : body.get("reason");
    return reason instanceof String text && !text.isBlank() ? text : fallback;
  }
}
