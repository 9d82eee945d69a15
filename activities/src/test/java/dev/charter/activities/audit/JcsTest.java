package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical form new ledger rows hash, against the examples of RFC 8785 itself. */
class JcsTest {

  /** RFC 8785 section 3.2.2, "Sample of canonicalized data". */
  @Test
  void should_canonicalize_the_rfc_8785_sample_exactly() {
    String input =
        "{\n"
            + "  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
            + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
            + "  \"literals\": [null, true, false]\n"
            + "}";

    assertThat(Jcs.canonicalize(input))
        .isEqualTo(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  /** RFC 8785 section 3.2.3, "Sorting of object properties": by UTF-16 code units. */
  @Test
  void should_sort_properties_by_utf16_code_units_as_the_rfc_shows() {
    String input =
        "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet"
            + " With Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":"
            + "\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";

    assertThat(Jcs.canonicalize(input))
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small"
                + " Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning"
                + " Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  /** RFC 8785 appendix B, number serialization samples (IEEE-754 bits, expected text). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "41b3de4355555555, 333333333.3333333"
  })
  void should_print_numbers_as_appendix_b_of_rfc_8785(String ieee754, String expected) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(ieee754, 16));

    assertThat(Jcs.write(JsonNodeFactory.instance.arrayNode().add(value)))
        .isEqualTo("[" + expected + "]");
  }

  @Test
  void should_refuse_a_value_json_cannot_carry_naming_where() {
    assertThatThrownBy(
            () ->
                Jcs.write(
                    JsonNodeFactory.instance.objectNode().put("costUsd", Double.POSITIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.costUsd must be a finite number");
  }
}
