package dev.charter.policy;

import java.util.List;

/**
 * A policy bundle was refused. The message names each problem's file and line and quotes the
 * parser's or validator's words, e.g. {@code policy bundle rejected: refunds.cedar:12: ...}.
 */
public class BundleException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  BundleException(List<String> problems) {
    super("policy bundle rejected: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  BundleException(String problem, Throwable cause) {
    super("policy bundle rejected: " + problem, cause);
    this.problems = List.of(problem);
  }

  /** Each problem, as {@code file:line: message}. */
  public List<String> problems() {
    return problems;
  }
}
