package dev.charter.starter.api;

/** A request value the API refuses; answered 400 with a problem naming {@link #field()}. */
public final class BadFieldException extends IllegalArgumentException {

  private final String field;

  /**
   * @param field the body path, query parameter or header that is bad
   * @param message what is wrong, quoting the bad value
   */
  public BadFieldException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The bad field. */
  public String field() {
    return field;
  }
}
