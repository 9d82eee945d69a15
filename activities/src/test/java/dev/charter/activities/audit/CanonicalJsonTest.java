package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void should_sort_keys_recursively_and_drop_null_members_when_writing_maps() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", true);
    inner.put("y", null);
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("d", Arrays.asList(3, null, inner));
    nested.put("c", "x");
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("b", 1);
    root.put("a", nested);
    root.put("gone", null);

    assertThat(CanonicalJson.write(root))
        .isEqualTo("{\"a\":{\"c\":\"x\",\"d\":[3,null,{\"z\":true}]},\"b\":1}");
  }

  @Test
  void should_order_keys_by_utf16_code_units_when_cases_and_accents_mix() {
    Map<String, Object> root = new HashMap<>();
    root.put("é", 1);
    root.put("a", 2);
    root.put("B", 3);
    root.put("aa", 4);

    assertThat(CanonicalJson.write(root)).isEqualTo("{\"B\":3,\"a\":2,\"aa\":4,\"é\":1}");
  }

  @Test
  void should_write_integers_as_digits_and_decimals_plain_without_trailing_zeros() {
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("a_long", Long.MAX_VALUE);
    numbers.put("b_negative", -42);
    numbers.put("c_big_integer", new BigInteger("123456789012345678901234567890"));
    numbers.put("d_double", 2.50);
    numbers.put("e_whole_double", 2.0);
    numbers.put("f_exponent", 1e3);
    numbers.put("g_small", 1.5e-7);
    numbers.put("h_negative_zero", -0.0);
    numbers.put("i_tenth", 0.1);
    numbers.put("j_float", 0.1f);
    numbers.put("k_big_decimal", new BigDecimal("1.2300"));
    numbers.put("l_precise", new BigDecimal("0.12345678901234567890123"));

    assertThat(CanonicalJson.write(numbers))
        .isEqualTo(
            "{\"a_long\":9223372036854775807,\"b_negative\":-42,"
                + "\"c_big_integer\":123456789012345678901234567890,\"d_double\":2.5,"
                + "\"e_whole_double\":2,\"f_exponent\":1000,\"g_small\":0.00000015,"
                + "\"h_negative_zero\":0,\"i_tenth\":0.1,\"j_float\":0.1,\"k_big_decimal\":1.23,"
                + "\"l_precise\":0.12345678901234567890123}");
  }

  @Test
  void should_escape_only_quote_backslash_and_controls_when_writing_strings() {
    String json = CanonicalJson.write(Map.of("s", "é€ \"q\" \\ \n\t\u0001"));

    assertThat(json).isEqualTo("{\"s\":\"é€ \\\"q\\\" \\\\ \\n\\t\\u0001\"}");
    assertThat(CanonicalJson.bytes(Map.of("s", "é€")))
        .isEqualTo("{\"s\":\"é€\"}".getBytes(StandardCharsets.UTF_8))
        .hasSize(13);
  }

  @Test
  void should_use_json_names_when_writing_records_and_lists() {
    record Call(String tool, List<Integer> args) {}

    assertThat(CanonicalJson.write(List.of(new Call("refund", List.of(1, 2)), "x")))
        .isEqualTo("[{\"args\":[1,2],\"tool\":\"refund\"},\"x\"]");
  }

  @Test
  void should_give_the_same_text_when_its_own_output_is_parsed_and_written_again() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("double", 1.0E-300);
    value.put("huge", 1.0E300);
    value.put("precise", new BigDecimal("3.14159265358979323846264338327950288"));
    value.put("list", List.of(1, 2.25, "three", Map.of("k", false)));
    String canonical = CanonicalJson.write(value);

    assertThat(CanonicalJson.write(CanonicalJson.parse(canonical))).isEqualTo(canonical);
  }

  @Test
  void should_refuse_nan_and_infinity_naming_the_path_when_json_cannot_carry_them() {
    assertThatThrownBy(() -> CanonicalJson.write(Map.of("x", List.of(1, Double.NaN))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.x[1]")
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> CanonicalJson.write(Map.of("y", Double.POSITIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Infinity");
  }

  @Test
  void should_quote_the_parser_message_when_stored_text_is_not_json() {
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("canonical JSON: not JSON: ");
  }
}
