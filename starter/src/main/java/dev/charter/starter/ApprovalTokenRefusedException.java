package dev.charter.starter;

/**
 * No approval token can be issued: the task waits for no approval, or for another one than asked
 * about. The REST API answers 409.
 */
public final class ApprovalTokenRefusedException extends RuntimeException {

  public ApprovalTokenRefusedException(String message) {
    super(message);
  }
}
