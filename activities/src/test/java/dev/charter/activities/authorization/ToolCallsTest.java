package dev.charter.activities.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.contract.ToolCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolCallsTest {

  @Test
  void should_hash_the_canonical_text_of_the_contract_when_arguments_are_sorted_by_name()
      throws Exception {
    Map<String, String> arguments = new LinkedHashMap<>();
    arguments.put("orderId", "1002");
    arguments.put("amountCents", "20000");
    ToolCall call = new ToolCall("issue_refund", "Shop::Order::\"1002\"", arguments);
    String canonical = "issue_refund\nShop::Order::\"1002\"\namountCents=20000\norderId=1002";

    assertThat(ToolCalls.argumentsSha256(call))
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(canonical.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(call.argumentsSha256());
  }

  @Test
  void should_change_the_hash_when_one_argument_changes() {
    ToolCall a = new ToolCall("issue_refund", "Shop::Order::\"1002\"", Map.of("amountCents", "1"));
    ToolCall b = new ToolCall("issue_refund", "Shop::Order::\"1002\"", Map.of("amountCents", "2"));

    assertThat(ToolCalls.argumentsSha256(a)).isNotEqualTo(ToolCalls.argumentsSha256(b));
  }
}
