package dev.charter.policy;

/** The three answers of the policy engine (DESIGN.md section 3, step 4). */
public enum Verdict {
  /** Some permit applies and no forbid does. */
  ALLOW,
  /** A forbid without {@code @approval} applies, no permit applies, or evaluation failed. */
  DENY,
  /** Only {@code @approval} forbids stand in the way, and the named roles' approval lifts them. */
  REQUIRE_APPROVAL
}
