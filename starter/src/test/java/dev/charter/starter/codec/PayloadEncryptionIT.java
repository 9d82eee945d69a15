package dev.charter.starter.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.charter.codec.AesGcmPayloadCodec;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.starter.TestStack;
import dev.charter.worker.codec.PayloadKeySource;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Temporal service stores, read straight from it with a bare gRPC client (no codec, no
 * Charter converter): the attacker who can read Temporal's database sees this and nothing more.
 * Then the codec endpoint: an authorized human gets the plaintext back, others get nothing.
 */
class PayloadEncryptionIT {

  private static final String CARD = "4539 1488 0343 6467";
  private static final String EMAIL = "planted.canary.7f3a@example.org";
  private static final String GOAL = "CANARY-GOAL-91c2 resolve the ticket";
  private static final String UI_ORIGIN = "http://127.0.0.1:8233";

  @TempDir static Path data;
  private static TestStack stack;
  private static String taskId;
  private static List<HistoryEvent> rawHistory;

  @BeforeAll
  static void runOneTask() {
    stack = TestStack.embedded(data, Map.of("charter.codec.ui-origin", UI_ORIGIN));
    TaskRequest request =
        new TaskRequest(
            "codec-canary-1",
            "support-agent",
            GOAL,
            List.of(
                new TaskInput(
                    "ticket",
                    "customer_email",
                    "Where is my order 1001? Card " + CARD + ", mail me at " + EMAIL,
                    Map.of("orderId", "1001", "customerId", "c-100", "contact", EMAIL))),
            "sam.agent",
            null,
            null);
    taskId = stack.tasks().start(request).taskId();
    assertThat(stack.tasks().result(taskId).state()).isEqualTo(TaskState.COMPLETED);
    rawHistory = stack.rawHistory(taskId);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void should_store_no_planted_value_and_no_plaintext_in_temporal_history() throws Exception {
    assertThat(rawHistory).hasSizeGreaterThan(10);
    for (HistoryEvent event : rawHistory) {
      String json = JsonFormat.printer().print(event);
      String bytes = new String(event.toByteArray(), StandardCharsets.ISO_8859_1);
      for (String planted : List.of(CARD, CARD.replace(" ", ""), EMAIL, "CANARY-GOAL")) {
        assertThat(json).as("event %d as JSON", event.getEventId()).doesNotContain(planted);
        assertThat(bytes).as("event %d as bytes", event.getEventId()).doesNotContain(planted);
      }
    }
  }

  @Test
  void should_encrypt_every_data_payload_and_name_its_key() {
    List<Payload> payloads = new ArrayList<>();
    rawHistory.forEach(event -> collectDataPayloads(event, payloads));
    assertThat(payloads).as("inputs and results of workflow and activities").hasSizeGreaterThan(10);
    String keyId = stack.bean(PayloadKeySource.class).keys().newestId();
    assertThat(payloads)
        .allSatisfy(
            p -> {
              assertThat(AesGcmPayloadCodec.isEncrypted(p)).as("payload %s", p).isTrue();
              assertThat(p.getMetadataOrThrow(AesGcmPayloadCodec.KEY_ID).toStringUtf8())
                  .isEqualTo(keyId);
            });
  }

  @Test
  void should_keep_search_attributes_readable_and_free_of_task_data() throws Exception {
    List<String> attributes = new ArrayList<>();
    for (HistoryEvent event : rawHistory) {
      if (event.hasUpsertWorkflowSearchAttributesEventAttributes()) {
        attributes.add(
            JsonFormat.printer().print(event.getUpsertWorkflowSearchAttributesEventAttributes()));
      }
    }
    assertThat(String.join("\n", attributes))
        .contains("CharterRiskTier")
        .doesNotContain(EMAIL)
        .doesNotContain("CANARY");
  }

  @Test
  void should_decode_history_payloads_for_a_caller_cedar_allows_to_view_audit() throws Exception {
    HttpResponse<String> answer = codec("/codec/decode", "dana.lead", startInput());

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode decoded = new ObjectMapper().readTree(answer.body()).get("payloads").get(0);
    assertThat(
            new String(
                Base64.getDecoder().decode(decoded.get("metadata").get("encoding").asText())))
        .isEqualTo("json/plain");
    String input = new String(Base64.getDecoder().decode(decoded.get("data").asText()));
    assertThat(input).contains(CARD).contains(EMAIL).contains("CANARY-GOAL");
  }

  @Test
  void should_encode_for_an_allowed_caller_so_the_ui_can_send_signals() throws Exception {
    String plain =
        JsonFormat.printer()
            .print(
                Payloads.newBuilder()
                    .addPayloads(
                        Payload.newBuilder()
                            .putMetadata(
                                "encoding",
                                com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
                            .setData(com.google.protobuf.ByteString.copyFromUtf8("\"stop\"")))
                    .build());
    HttpResponse<String> encoded = codec("/codec/encode", "dana.lead", plain);
    assertThat(encoded.statusCode()).isEqualTo(200);
    assertThat(encoded.body())
        .doesNotContain(Base64.getEncoder().encodeToString("\"stop\"".getBytes()));

    HttpResponse<String> back = codec("/codec/decode", "dana.lead", encoded.body());
    assertThat(new ObjectMapper().readTree(back.body()))
        .isEqualTo(new ObjectMapper().readTree(plain));
  }

  @Test
  void should_refuse_callers_cedar_does_not_allow_and_callers_without_identity() throws Exception {
    HttpResponse<String> agent = codec("/codec/decode", "sam.agent", startInput());
    assertThat(agent.statusCode()).isEqualTo(403);
    assertThat(agent.body())
        .contains("use_codec")
        .doesNotContain(Base64.getEncoder().encodeToString(EMAIL.getBytes()));

    HttpResponse<String> otherTenant = codec("/codec/decode", "olga.other", startInput());
    assertThat(otherTenant.statusCode()).isEqualTo(403);

    HttpResponse<String> anonymous = codec("/codec/decode", null, startInput());
    assertThat(anonymous.statusCode()).isEqualTo(401);

    HttpResponse<String> encodeAnonymous = codec("/codec/encode", null, startInput());
    assertThat(encodeAnonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void should_refuse_another_namespace() throws Exception {
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(URI.create(api() + "/codec/decode"))
                .header("Content-Type", "application/json")
                .header("X-Namespace", "payments")
                .header("Authorization", stack.bearer("dana.lead"))
                .POST(HttpRequest.BodyPublishers.ofString(startInput())));
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("`payments`");
  }

  @Test
  void should_allow_the_configured_ui_origin_only_in_cors_preflight() throws Exception {
    HttpResponse<String> ui = preflight(UI_ORIGIN);
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI_ORIGIN);
    assertThat(ui.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
        .contains("x-namespace");

    HttpResponse<String> stranger = preflight("http://evil.example");
    assertThat(stranger.statusCode()).isEqualTo(403);
    assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  private static HttpResponse<String> preflight(String origin) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(api() + "/codec/decode"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type,x-namespace")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
  }

  /** The workflow input as the Temporal service holds it, in the Web UI's codec JSON. */
  private static String startInput() throws Exception {
    Payloads input = rawHistory.get(0).getWorkflowExecutionStartedEventAttributes().getInput();
    return JsonFormat.printer().print(input);
  }

  private static HttpResponse<String> codec(String path, String user, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api() + path))
            .header("Content-Type", "application/json")
            .header("X-Namespace", "default")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      request.header("Authorization", stack.bearer(user));
    }
    return send(request);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String api() {
    return "http://127.0.0.1:" + stack.httpPort;
  }

  /**
   * Every payload the data converter wrote: all payloads of the event except search attributes
   * (indexed, by design readable), headers (the trace context, written by an interceptor) and
   * markers' SDK bookkeeping.
   */
  private static void collectDataPayloads(Message message, List<Payload> out) {
    if (message instanceof Payload payload) {
      out.add(payload);
      return;
    }
    if (message instanceof SearchAttributes || message instanceof Header) {
      return;
    }
    if (message instanceof MarkerRecordedEventAttributes marker) {
      // A marker's other details are the SDK's bookkeeping (activity id and type, times, version
      // change ids), written by the SDK without the data converter; its result is under "data".
      if (marker.containsDetails("data")) {
        collectDataPayloads(marker.getDetailsOrThrow("data"), out);
      }
      if (marker.hasFailure()) {
        collectDataPayloads(marker.getFailure(), out);
      }
      return;
    }
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (field.getKey().isMapField()) {
        for (Object entry : (List<?>) field.getValue()) {
          Message mapEntry = (Message) entry;
          Object value =
              mapEntry.getField(mapEntry.getDescriptorForType().findFieldByName("value"));
          if (value instanceof Message m) {
            collectDataPayloads(m, out);
          }
        }
      } else if (field.getKey().isRepeated()) {
        for (Object item : (List<?>) field.getValue()) {
          collectDataPayloads((Message) item, out);
        }
      } else {
        collectDataPayloads((Message) field.getValue(), out);
      }
    }
  }
}
