package dev.charter.model;

import java.util.Arrays;
import java.util.List;

/**
 * The support-desk intents the decision model recognises. The declaration order is the order of the
 * classifier's outputs, so it must never change within a model version.
 */
public enum Intent {
  ORDER_STATUS("order_status"),
  REFUND("refund"),
  RECEIPT("receipt"),
  DATA_EXPORT("data_export"),
  ESCALATION("escalation");

  private final String label;

  Intent(String label) {
    this.label = label;
  }

  /** The wire name, e.g. {@code order_status}. */
  public String label() {
    return label;
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
