package dev.charter.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditFactJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void should_decode_an_event_in_the_wire_shape_recorded_before_facts_were_typed()
      throws Exception {
    String legacy =
        "{\"taskId\":\"t-1\",\"seq\":7,\"type\":\"task.ended\",\"step\":2,\"workflowRunId\":\"r\","
            + "\"payload\":{\"costUsd\":0.0,\"reason\":\"approval timed out\",\"state\":\"REJECTED\","
            + "\"steps\":2,\"tokensUsed\":30}}";

    AuditEvent event =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            Payload.newBuilder()
                .putMetadata("encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
                .setData(com.google.protobuf.ByteString.copyFromUtf8(legacy))
                .build(),
            AuditEvent.class,
            AuditEvent.class);

    assertThat(event.type()).isEqualTo("task.ended");
    assertThat(event.payload())
        .isEqualTo(
            new AuditFact.TaskEnded(TaskState.REJECTED, 2, 30, 0.0, "approval timed out", null));
  }

  @Test
  void should_write_type_beside_payload_and_leave_null_members_out() throws Exception {
    AuditEvent event =
        new AuditEvent(
            "t-1", 3, 1, "r", new AuditFact.ApprovalGranted("a/1/0", "dana", "lead", "ab", null));

    JsonNode wire =
        JSON.readTree(
            DefaultDataConverter.STANDARD_INSTANCE.toPayload(event).get().getData().toStringUtf8());

    assertThat(wire.get("type").asText()).isEqualTo("approval.granted");
    assertThat(wire.get("payload").has("reason")).isFalse();
    assertThat(wire.get("payload").has("type")).isFalse();
    assertThat(JSON.convertValue(wire.get("payload"), Map.class))
        .containsEntry("approver", "dana")
        .containsEntry("role", "lead");
    AuditEvent back = JSON.treeToValue(wire, AuditEvent.class);
    assertThat(back).isEqualTo(event);
  }

  @Test
  void should_give_every_record_its_own_type_name() {
    Set<String> names = new HashSet<>();
    for (Class<? extends AuditFact> kind : AuditFact.kinds()) {
      assertThat(names.add(AuditFact.typeOf(kind))).as("type name of %s", kind).isTrue();
    }
    assertThat(AuditFact.kinds())
        .hasSize(AuditFact.class.getPermittedSubclasses().length)
        .containsExactlyInAnyOrder(
            List.of(AuditFact.class.getPermittedSubclasses()).stream()
                .map(c -> c.asSubclass(AuditFact.class))
                .toArray(Class[]::new));
  }

  @Test
  void should_refuse_an_unknown_type_name_naming_it() {
    String unknown =
        "{\"taskId\":\"t\",\"seq\":1,\"type\":\"tool.outcome\",\"step\":0,\"payload\":{}}";

    assertThatThrownBy(() -> JSON.readValue(unknown, AuditEvent.class))
        .hasMessageContaining("tool.outcome");
  }

  @Test
  void should_write_final_for_a_model_decision_that_answered() throws Exception {
    AuditFact.ModelDecided decided =
        new AuditFact.ModelDecided("order_status", 0.9, "why", null, List.of(), true);

    JsonNode json = JSON.valueToTree(decided);

    assertThat(json.get("final").asBoolean()).isTrue();
    assertThat(json.has("isFinal")).isFalse();
    assertThat(JSON.treeToValue(json, AuditFact.ModelDecided.class)).isEqualTo(decided);
  }

  @Test
  void should_write_a_verdict_without_facts_as_version_1_and_with_facts_as_version_2()
      throws Exception {
    ToolCall call =
        new ToolCall("issue_refund", "Shop::Order::\"1003\"", Map.of("amountCents", "500"));
    PolicyVerdict verdict =
        PolicyVerdict.of(Outcome.ALLOW, List.of("refund-within-limit"), List.of(), "b-1", null, 7);
    PolicyFact order =
        new PolicyFact(
            "Shop::Order::\"1003\"",
            Map.of("tenant", "acme-shop", "refundedCents", 1500L, "status", "delivered"),
            List.of(new PolicyFact.Source("orders", "id=1003", "3")));

    AuditFact.VerdictRecorded plain = AuditFact.VerdictRecorded.of(call, 0, verdict);
    AuditFact.VerdictRecorded decidedOnFacts =
        AuditFact.VerdictRecorded.of(call, 0, verdict.withFacts(List.of(order)));

    assertThat(plain.schemaVersion()).isEqualTo(1);
    assertThat(JSON.<JsonNode>valueToTree(plain).has("facts")).isFalse();
    assertThat(AuditFact.VerdictRecorded.of(call, 0, verdict.withFacts(List.of())).facts())
        .isNull();
    assertThat(decidedOnFacts.schemaVersion()).isEqualTo(2);
    JsonNode json = JSON.valueToTree(decidedOnFacts);
    assertThat(json.at("/facts/0/entity").asText()).isEqualTo("Shop::Order::\"1003\"");
    assertThat(json.at("/facts/0/attributes/refundedCents").asLong()).isEqualTo(1500L);
    assertThat(json.at("/facts/0/sources/0/version").asText()).isEqualTo("3");
    AuditFact.VerdictRecorded back = JSON.treeToValue(json, AuditFact.VerdictRecorded.class);
    assertThat((JsonNode) JSON.valueToTree(back)).isEqualTo(json);
  }
}
