package dev.charter.policy;

/**
 * One policy of a bundle, as written.
 *
 * @param id its {@code @id}
 * @param effect permit or forbid
 * @param file the {@code .cedar} file it is in
 * @param line the line it starts on (1-based, its first annotation)
 * @param description its {@code @description} annotation, else the comment just above it
 * @param approvalRole the role named by its {@code @approval} annotation, or null
 * @param source its Cedar text, annotations included
 */
public record PolicyInfo(
    String id,
    Effect effect,
    String file,
    int line,
    String description,
    String approvalRole,
    String source) {

  /** A policy's effect. */
  public enum Effect {
    PERMIT,
    FORBID
  }

  /** {@code file:line}, where an operator finds this policy. */
  public String location() {
    return file + ":" + line;
  }
}
