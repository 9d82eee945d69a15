package dev.charter.worker.health;

import org.springframework.boot.actuate.health.Health;

/**
 * Health of one model backend that is not in-process (self-hosted or closed API): register one bean
 * per backend and {@code /actuator/health} shows it under {@code modelBackends.<name>}. A backend
 * with no probe shows as UNKNOWN.
 */
public interface ModelBackendProbe {

  /** The backend's name in {@code charter.backends}. */
  String backend();

  /** Its health now, e.g. breaker state and last error type; must not block long. */
  Health health();
}
