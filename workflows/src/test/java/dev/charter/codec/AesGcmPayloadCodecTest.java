package dev.charter.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.charter.contract.TaskRequest;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AesGcmPayloadCodecTest {

  private static final String CARD = "4111 1111 1111 1111";
  private static final String OLD = PayloadKeys.generateEntry("k2026-01");
  private static final String NEW = PayloadKeys.generateEntry("k2026-06");

  private static Payload plain(String text) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(text).orElseThrow();
  }

  @Test
  void should_hold_no_plaintext_and_name_key_and_cipher_when_encoding() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(PayloadKeys.parse(OLD, "test"));
    Payload encoded = codec.encode(List.of(plain("refund to card " + CARD))).get(0);

    assertThat(encoded.toByteString().toStringUtf8()).doesNotContain(CARD).doesNotContain("json");
    assertThat(encoded.getMetadataMap())
        .containsEntry("encoding", ByteString.copyFromUtf8(AesGcmPayloadCodec.ENCODING))
        .containsEntry(AesGcmPayloadCodec.KEY_ID, ByteString.copyFromUtf8("k2026-01"))
        .containsEntry(AesGcmPayloadCodec.CIPHER, ByteString.copyFromUtf8("AES-256-GCM"));
    assertThat(codec.decode(List.of(encoded))).containsExactly(plain("refund to card " + CARD));
  }

  @Test
  void should_use_fresh_nonces_so_equal_inputs_encrypt_differently() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(PayloadKeys.parse(OLD, "test"));
    List<Payload> twice = codec.encode(List.of(plain("same"), plain("same")));
    assertThat(twice.get(0).getData()).isNotEqualTo(twice.get(1).getData());
  }

  @Test
  void should_encrypt_with_newest_and_decrypt_with_any_known_key_when_rotated() {
    Payload underOld =
        new AesGcmPayloadCodec(PayloadKeys.parse(OLD, "test")).encode(List.of(plain("a"))).get(0);
    AesGcmPayloadCodec rotated =
        new AesGcmPayloadCodec(PayloadKeys.parse(OLD + "\n" + NEW, "test"));

    assertThat(rotated.decode(List.of(underOld))).containsExactly(plain("a"));
    assertThat(rotated.encode(List.of(plain("b"))).get(0).getMetadataMap())
        .containsEntry(AesGcmPayloadCodec.KEY_ID, ByteString.copyFromUtf8("k2026-06"));
  }

  @Test
  void should_refuse_a_payload_under_an_unknown_key() {
    Payload underOld =
        new AesGcmPayloadCodec(PayloadKeys.parse(OLD, "test")).encode(List.of(plain("a"))).get(0);
    AesGcmPayloadCodec other = new AesGcmPayloadCodec(PayloadKeys.parse(NEW, "test"));

    assertThatThrownBy(() -> other.decode(List.of(underOld)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("unknown key `k2026-01`")
        .hasMessageContaining("[k2026-06]");
  }

  @Test
  void should_refuse_a_payload_whose_ciphertext_was_altered() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(PayloadKeys.parse(OLD, "test"));
    Payload encoded = codec.encode(List.of(plain("amount 25"))).get(0);
    byte[] data = encoded.getData().toByteArray();
    data[data.length - 20] ^= 1;
    Payload altered = encoded.toBuilder().setData(ByteString.copyFrom(data)).build();

    assertThatThrownBy(() -> codec.decode(List.of(altered)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("fails authentication");
  }

  @Test
  void should_refuse_a_payload_relabelled_with_another_key_id() {
    String sameMaterialOtherId = "k-other=" + OLD.substring(OLD.indexOf('=') + 1);
    AesGcmPayloadCodec codec =
        new AesGcmPayloadCodec(PayloadKeys.parse(OLD + "," + sameMaterialOtherId, "test"));
    Payload encoded =
        new AesGcmPayloadCodec(PayloadKeys.parse(OLD, "test")).encode(List.of(plain("a"))).get(0);
    Payload relabelled =
        encoded.toBuilder()
            .putMetadata(AesGcmPayloadCodec.KEY_ID, ByteString.copyFromUtf8("k-other"))
            .build();

    assertThatThrownBy(() -> codec.decode(List.of(relabelled)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("fails authentication");
  }

  @Test
  void should_pass_unencrypted_payloads_through_decode() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(PayloadKeys.parse(OLD, "test"));
    assertThat(codec.decode(List.of(plain("legacy")))).containsExactly(plain("legacy"));
  }

  @Test
  void should_round_trip_task_requests_through_the_charter_data_converter() {
    DataConverter converter = CharterDataConverter.encrypted(PayloadKeys.parse(OLD, "test"));
    TaskRequest request =
        new TaskRequest("t-1", "support", "refund " + CARD, List.of(), "amy", "acme-shop", null);
    Payload payload = converter.toPayload(request).orElseThrow();

    assertThat(payload.toByteString().toString(StandardCharsets.UTF_8)).doesNotContain(CARD);
    assertThat(converter.fromPayload(payload, TaskRequest.class, TaskRequest.class))
        .isEqualTo(request);
  }

  @Test
  void should_name_the_bad_entry_but_never_the_key_material() {
    String shortKey = "short=" + "c2hvcnQta2V5"; // "short-key": 9 bytes
    assertThatThrownBy(() -> PayloadKeys.parse(shortKey, "/run/secrets/payload-keys"))
        .hasMessageContaining("/run/secrets/payload-keys")
        .hasMessageContaining("key `short` must be 32 bytes (AES-256), got 9")
        .hasMessageNotContaining("c2hvcnQta2V5");
    assertThatThrownBy(() -> PayloadKeys.parse("bad id=AAAA", "f"))
        .hasMessageContaining("key id `bad id`");
    assertThatThrownBy(() -> PayloadKeys.parse("# only a comment\n", "f"))
        .hasMessageContaining("no key found");
    assertThatThrownBy(() -> PayloadKeys.parse(OLD + "\n" + OLD, "f"))
        .hasMessageContaining("key id `k2026-01` appears twice");
    assertThat(PayloadKeys.parse(OLD, "f").toString())
        .doesNotContain(OLD.substring(OLD.indexOf('=') + 1));
  }

  @Test
  void should_read_keys_from_the_environment_variable_only_when_set() {
    assertThat(PayloadKeys.fromEnvironment(Map.of())).isEmpty();
    assertThat(PayloadKeys.fromEnvironment(Map.of(PayloadKeys.ENVIRONMENT, OLD + "," + NEW)))
        .hasValueSatisfying(k -> assertThat(k.newestId()).isEqualTo("k2026-06"));
  }
}
