package dev.charter.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EntityRefTest {

  @Test
  void should_write_and_read_cedar_syntax_when_the_id_has_quotes_and_colons() {
    EntityRef ref = new EntityRef("Shop::Order", "a::\"b\"\\c");

    assertThat(ref.toCedar()).isEqualTo("Shop::Order::\"a::\\\"b\\\"\\\\c\"");
    assertThat(EntityRef.parse(ref.toCedar())).isEqualTo(ref);
  }

  @Test
  void should_parse_a_plain_uid_when_given_one() {
    assertThat(EntityRef.parse("Shop::Order::\"1002\""))
        .isEqualTo(new EntityRef("Shop::Order", "1002"));
  }

  @Test
  void should_quote_the_text_when_it_is_not_a_uid() {
    assertThatThrownBy(() -> EntityRef.parse("order 1002"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("`order 1002`");
    assertThatThrownBy(() -> EntityRef.parse("Shop Order::\"1\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("`Shop Order::\"1\"`");
  }
}
