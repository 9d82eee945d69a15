package dev.charter.activities.inference;

/** A backend that cannot serve any request as configured (e.g. no API key): never retried. */
public final class BackendUnavailableException extends RuntimeException {

  /**
   * @param message what is missing and how the operator fixes it
   */
  public BackendUnavailableException(String message) {
    super(message);
  }
}
