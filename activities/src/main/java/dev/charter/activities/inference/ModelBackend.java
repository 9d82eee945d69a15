package dev.charter.activities.inference;

import dev.charter.contract.BackendRef;
import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;

/**
 * One model endpoint of a route: {@code in_process}, {@code self_hosted} or {@code closed_api}. The
 * router calls it under the backend's circuit breaker, bulkhead and time limiter; the backend
 * itself never retries.
 */
public interface ModelBackend {

  /** The backend as the route table and Cedar know it. */
  BackendRef ref();

  /**
   * Decides one step. The returned provenance's fallback chain is filled in by the router.
   *
   * @throws BackendUnavailableException when the backend cannot serve at all (no API key)
   * @throws RuntimeException any other failure; the router tries the next permitted backend
   */
  Decision decide(InferenceRequest request);

  /**
   * Why the backend cannot serve at all (e.g. {@code no API key}), for health and metrics; empty
   * when it can.
   */
  default java.util.Optional<String> disabledReason() {
    return java.util.Optional.empty();
  }
}
