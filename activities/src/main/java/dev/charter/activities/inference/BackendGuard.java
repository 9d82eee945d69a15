package dev.charter.activities.inference;

import dev.charter.contract.Decision;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;

/**
 * One backend's circuit breaker, bulkhead and time limiter. The call runs on {@code executor} so
 * the time limiter can abandon (and interrupt) it when the step's latency budget is spent.
 */
final class BackendGuard {

  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final TimeLimiter limiter;
  private final ExecutorService executor;
  private final LongAdder successes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder notPermitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  BackendGuard(String backend, ResilienceSettings settings, ExecutorService executor) {
    this.breaker =
        CircuitBreaker.of(
            backend,
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold(settings.breakerFailureRatePercent())
                .waitDurationInOpenState(settings.breakerOpenWait())
                .permittedNumberOfCallsInHalfOpenState(settings.breakerHalfOpenCalls())
                // A disabled backend is a configuration fact, not a sign of ill health.
                .ignoreExceptions(BackendUnavailableException.class)
                .build());
    this.bulkhead =
        Bulkhead.of(
            backend,
            BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build());
    this.limiter =
        TimeLimiter.of(
            backend,
            TimeLimiterConfig.custom()
                .timeoutDuration(settings.stepLatencyBudget())
                .cancelRunningFuture(true)
                .build());
    this.executor = executor;
    // Totals since start; the breaker's own metrics cover its sliding window only.
    breaker.getEventPublisher().onSuccess(e -> successes.increment());
    breaker.getEventPublisher().onError(e -> failures.increment());
    breaker.getEventPublisher().onCallNotPermitted(e -> notPermitted.increment());
    bulkhead.getEventPublisher().onCallRejected(e -> rejected.increment());
  }

  /** This backend's breaker, bulkhead and call totals now. */
  BackendStatus status(ModelBackend backend, boolean enabled) {
    return new BackendStatus(
        backend.ref().name(),
        backend.ref().hosting(),
        breaker.getState().name(),
        successes.sum() + failures.sum(),
        failures.sum(),
        notPermitted.sum(),
        rejected.sum(),
        bulkhead.getMetrics().getAvailableConcurrentCalls(),
        bulkhead.getMetrics().getMaxAllowedConcurrentCalls(),
        breaker.getMetrics().getFailureRate(),
        enabled,
        backend.disabledReason().orElse(null));
  }

  Decision call(Callable<Decision> call) throws Exception {
    Callable<Decision> limited = () -> limiter.executeFutureSupplier(() -> executor.submit(call));
    return bulkhead.executeCallable(breaker.decorateCallable(limited));
  }

  CircuitBreaker breaker() {
    return breaker;
  }
}
