package dev.charter.policy;

import java.util.Locale;

/**
 * What a decision does when some policy fails to evaluate (configuration {@code on-policy-error}).
 * Either way the decision records Cedar's own answer, the policies that determined it and the
 * erroring policies with their messages; the rule is applied after Cedar has decided.
 */
public enum OnPolicyError {
  /**
   * Fail closed (the default): any erroring policy makes the verdict DENY, whatever Cedar decided;
   * the decision says so ({@link PolicyDecision#failClosed()} when Cedar had allowed).
   */
  DENY,
  /**
   * Cedar's decision stands: an erroring policy is one that does not apply, as in Cedar itself, so
   * a permit beside it still allows and a forbid that applied still denies.
   */
  CEDAR;

  /**
   * Reads {@code deny} or {@code cedar} (any case).
   *
   * @throws IllegalArgumentException quoting the value otherwise
   */
  public static OnPolicyError parse(String text) {
    if (text != null) {
      for (OnPolicyError rule : values()) {
        if (rule.name().equalsIgnoreCase(text.trim())) {
          return rule;
        }
      }
    }
    throw new IllegalArgumentException(
        "on-policy-error must be `deny` or `cedar`, got `" + text + "`");
  }

  /** The configuration spelling, {@code deny} or {@code cedar}. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
