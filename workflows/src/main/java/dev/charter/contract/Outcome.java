package dev.charter.contract;

/** The three outcomes of an authorization (DESIGN.md section 3, step 4). */
public enum Outcome {
  ALLOW,
  DENY,
  REQUIRE_APPROVAL
}
