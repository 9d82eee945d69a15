package dev.charter.model;

import java.util.Arrays;
import java.util.List;

/**
 * The support-desk intents the decision model recognises. The declaration order is the order of the
 * classifier's outputs, so it must never change within a model version; a version's outputs are a
 * prefix of it (v1 and v2: the first five, v3: all six).
 */
public enum Intent {
  ORDER_STATUS("order_status"),
  REFUND("refund"),
  RECEIPT("receipt"),
  DATA_EXPORT("data_export"),
  ESCALATION("escalation"),
  /**
   * Fits no plan: out of scope, several requests at once, a complaint that asks for nothing, a
   * question about policy rather than a request to act, or a language the encoder does not read.
   * Only models from v3 on have this output; the runtime hands such tickets to a human.
   */
  OTHER("other");

  private final String label;

  Intent(String label) {
    this.label = label;
  }

  /** The wire name, e.g. {@code order_status}. */
  public String label() {
    return label;
  }

  /** Whether a plan acts on this intent with a tool other than the hand-over to a human. */
  public boolean acts() {
    return this != ESCALATION && this != OTHER;
  }

  /** All wire names in output order. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(Intent::label).toList();
  }

  /**
   * The intent with wire name {@code label}.
   *
   * @throws IllegalArgumentException naming the unknown label
   */
  public static Intent fromLabel(String label) {
    for (Intent intent : values()) {
      if (intent.label.equals(label)) {
        return intent;
      }
    }
    throw new IllegalArgumentException(
        "unknown intent `" + label + "`, expected one of " + labels());
  }
}
