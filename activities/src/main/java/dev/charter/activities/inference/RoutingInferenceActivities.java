package dev.charter.activities.inference;

import dev.charter.contract.AuditFact;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.ModelProvenance;
import dev.charter.contract.ToolCall;
import dev.charter.workflow.activity.InferenceActivities;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference router (DESIGN.md section 3, step 3): tries the permitted backends of the step in
 * route order, each under its own circuit breaker, bulkhead and time limiter; on a timeout, error,
 * open breaker, full bulkhead, kill switch or disabled backend it moves on to the next permitted
 * one. The provenance's fallback chain lists every backend tried with why it was skipped, e.g.
 * {@code [openai-gpt:error, in-process-intent]}.
 *
 * <p>Shadow backends (pinned as {@code <name>#shadow}) are never acted on: when one is among the
 * permitted backends of the step (so Cedar {@code invoke_model} allowed this data to reach it), it
 * gets the same input after the primary answered, and its decision, latency, tokens and cost go to
 * the {@value RouteJournal#SHADOW} ledger chain.
 *
 * <p>When every backend failed: retryable {@code BackendsUnavailable} if any failure was transient
 * (Temporal retries the activity), else non-retryable {@code NoBackendAvailable}.
 */
public final class RoutingInferenceActivities implements InferenceActivities, AutoCloseable {

  static final String NO_BACKEND = "NoBackendAvailable";
  static final String BACKENDS_UNAVAILABLE = "BackendsUnavailable";

  private static final Logger LOG = LoggerFactory.getLogger(RoutingInferenceActivities.class);

  private final Map<String, ModelBackend> backends = new LinkedHashMap<>();
  private final Map<String, BackendGuard> guards = new LinkedHashMap<>();
  private final CanaryRoutes canary;
  private final RouteJournal journal;
  private final RouterListener listener;
  private final ExecutorService executor;

  /**
   * @param backends every configured backend
   * @param resilience breaker, bulkhead and time limiter settings, the same for each backend
   * @param canary kill switches, shadows and the canary monitor
   * @param journal where shadow records go
   */
  public RoutingInferenceActivities(
      List<ModelBackend> backends,
      ResilienceSettings resilience,
      CanaryRoutes canary,
      RouteJournal journal) {
    this(backends, resilience, canary, journal, RouterListener.NONE);
  }

  /**
   * @param backends every configured backend
   * @param resilience breaker, bulkhead and time limiter settings, the same for each backend
   * @param canary kill switches, shadows and the canary monitor
   * @param journal where shadow records go
   * @param listener told each step's outcome per route and arm, and each shadow comparison
   */
  public RoutingInferenceActivities(
      List<ModelBackend> backends,
      ResilienceSettings resilience,
      CanaryRoutes canary,
      RouteJournal journal,
      RouterListener listener) {
    this.listener = listener;
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "charter-backend-call");
              thread.setDaemon(true);
              return thread;
            });
    for (ModelBackend backend : backends) {
      String name = backend.ref().name();
      if (this.backends.put(name, backend) != null) {
        throw new IllegalArgumentException("backend `" + name + "` is configured twice");
      }
      guards.put(name, new BackendGuard(name, resilience, executor));
    }
    this.canary = canary;
    this.journal = journal;
  }

  @Override
  public Decision decide(InferenceRequest request) {
    CanaryRoutes.RouteArm arm = canary.armOf(request.backends());
    try {
      Decision decided = route(request);
      listener.decided(arm.route(), arm.arm(), true);
      return decided;
    } catch (RuntimeException e) {
      listener.decided(arm.route(), arm.arm(), false);
      throw e;
    }
  }

  private Decision route(InferenceRequest request) {
    List<String> chain = new ArrayList<>();
    boolean transientFailure = false;
    for (BackendRef ref : request.backends()) {
      if (ref.name().endsWith(CanaryRoutes.SHADOW_SUFFIX)) {
        continue;
      }
      ModelBackend backend = backends.get(ref.name());
      if (backend == null) {
        chain.add(ref.name() + ":unknown");
        continue;
      }
      if (!canary.enabled(ref.name())) {
        chain.add(ref.name() + ":killed");
        continue;
      }
      Attempt attempt = attempt(backend, request);
      if (attempt.decision() != null) {
        chain.add(ref.name());
        Decision decided = withChain(attempt.decision(), chain);
        shadow(request, decided);
        return decided;
      }
      chain.add(ref.name() + ":" + attempt.failure());
      transientFailure |= attempt.transientFailure();
    }
    String message =
        "no backend answered for task `"
            + request.taskId()
            + "` step "
            + request.step()
            + (request.backends().isEmpty() ? ": none were permitted" : ": tried " + chain);
    LOG.warn(
        "event=route_exhausted taskId={} step={} chain={}",
        request.taskId(),
        request.step(),
        chain);
    if (transientFailure) {
      throw ApplicationFailure.newFailure(message, BACKENDS_UNAVAILABLE);
    }
    throw ApplicationFailure.newNonRetryableFailure(message, NO_BACKEND);
  }

  /** Every configured backend's breaker, bulkhead, call totals and kill switch now. */
  public List<BackendStatus> backendStatus() {
    List<BackendStatus> all = new ArrayList<>();
    guards.forEach(
        (name, guard) -> all.add(guard.status(backends.get(name), canary.enabled(name))));
    return all;
  }

  /** One backend's status, or empty when no backend has this name. */
  public java.util.Optional<BackendStatus> backendStatus(String name) {
    BackendGuard guard = guards.get(name);
    return guard == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(guard.status(backends.get(name), canary.enabled(name)));
  }

  /** Breaker state per backend ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, ...). */
  public Map<String, String> breakerStates() {
    Map<String, String> states = new LinkedHashMap<>();
    guards.forEach((name, guard) -> states.put(name, guard.breaker().getState().name()));
    return states;
  }

  /** Breaker figures per backend: state, failure rate, buffered and failed calls. */
  public Map<String, Map<String, Object>> breakerMetrics() {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    guards.forEach(
        (name, guard) -> {
          var metrics = guard.breaker().getMetrics();
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("state", guard.breaker().getState().name());
          one.put("failureRatePercent", metrics.getFailureRate());
          one.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
          one.put("failedCalls", metrics.getNumberOfFailedCalls());
          one.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
          all.put(name, one);
        });
    return all;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private Attempt attempt(ModelBackend backend, InferenceRequest request) {
    String name = backend.ref().name();
    long started = System.nanoTime();
    try {
      Decision decision = guards.get(name).call(() -> backend.decide(request));
      canary.record(name, false, (System.nanoTime() - started) / 1_000);
      return new Attempt(decision, null, false);
    } catch (CallNotPermittedException e) {
      return new Attempt(null, "breaker-open", true);
    } catch (BulkheadFullException e) {
      return new Attempt(null, "busy", true);
    } catch (BackendUnavailableException e) {
      LOG.warn("event=backend_disabled backend={} reason=\"{}\"", name, e.getMessage());
      return new Attempt(null, "disabled", false);
    } catch (TimeoutException e) {
      canary.record(name, true, (System.nanoTime() - started) / 1_000);
      return new Attempt(null, "timeout", true);
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      canary.record(name, true, (System.nanoTime() - started) / 1_000);
      // The exception class says what failed; messages may quote the request, so they stay out.
      LOG.warn(
          "event=backend_failed backend={} taskId={} step={} error={}",
          name,
          request.taskId(),
          request.step(),
          cause.getClass().getSimpleName());
      return new Attempt(null, "error", true);
    }
  }

  private void shadow(InferenceRequest request, Decision primary) {
    for (BackendRef ref : request.backends()) {
      if (!ref.name().endsWith(CanaryRoutes.SHADOW_SUFFIX)) {
        continue;
      }
      String name =
          ref.name().substring(0, ref.name().length() - CanaryRoutes.SHADOW_SUFFIX.length());
      ModelBackend shadow = backends.get(name);
      if (shadow == null || !canary.enabled(name)) {
        continue;
      }
      Attempt attempt = attempt(shadow, request);
      String primaryBackend = String.valueOf(primary.provenance().backend());
      AuditFact.ModelShadowed.Arm shadowArm;
      boolean agree;
      if (attempt.decision() != null) {
        agree = proposal(primary).equals(proposal(attempt.decision()));
        shadowArm = arm(attempt.decision());
        listener.shadowCompared(primaryBackend, name, agree ? "agree" : "disagree");
      } else {
        listener.shadowCompared(primaryBackend, name, "error");
        agree = false;
        shadowArm =
            new AuditFact.ModelShadowed.Arm(
                name, null, null, null, null, null, null, attempt.failure());
      }
      journal.append(
          RouteJournal.SHADOW,
          new AuditFact.ModelShadowed(
              request.taskId(), request.step(), arm(primary), shadowArm, agree));
    }
  }

  private static AuditFact.ModelShadowed.Arm arm(Decision decision) {
    ModelProvenance p = decision.provenance();
    return new AuditFact.ModelShadowed.Arm(
        p.backend(),
        p.hosting(),
        proposal(decision),
        p.latencyMicros(),
        p.inputTokens(),
        p.outputTokens(),
        p.costUsd(),
        null);
  }

  /** What the decision would do: the tools it calls in order, or {@code final}. */
  private static List<String> proposal(Decision decision) {
    if (decision.toolCalls().isEmpty()) {
      return List.of("final");
    }
    return decision.toolCalls().stream().map(ToolCall::tool).toList();
  }

  private static Decision withChain(Decision decision, List<String> chain) {
    ModelProvenance p = decision.provenance();
    return new Decision(
        decision.toolCalls(),
        decision.finalAnswer(),
        decision.intent(),
        decision.confidence(),
        decision.rationale(),
        new ModelProvenance(
            p.backend(),
            p.hosting(),
            p.vendor(),
            p.modelId(),
            p.modelVersion(),
            p.weightsSha256(),
            p.parameters(),
            p.latencyMicros(),
            p.inputTokens(),
            p.outputTokens(),
            p.costUsd(),
            chain,
            p.calibration()));
  }

  private record Attempt(Decision decision, String failure, boolean transientFailure) {}
}
