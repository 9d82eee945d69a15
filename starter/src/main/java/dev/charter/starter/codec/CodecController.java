package dev.charter.starter.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.charter.starter.security.CedarAction;
import dev.charter.worker.TemporalProperties;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The codec server of the Temporal Web UI and the Temporal CLI ({@code --codec-endpoint}): {@code
 * POST /codec/decode} and {@code /codec/encode} take {@code {"payloads":[{"metadata":{...},
 * "data":"..."}]}} (protobuf JSON, values base64) and answer the same shape, decoded or encoded
 * with this process's payload keys. Decoded payloads are what the task saw, so only a caller whom
 * Cedar allows {@code use_codec} for this worker's tenant may use it; encoding is held to the same
 * rule, since an encoder would let anyone forge payloads the worker trusts. Callers authenticate
 * like every REST caller: the Temporal CLI sends {@code --codec-auth 'Bearer <token>'} as the
 * {@code Authorization} header.
 */
@RestController
// Not part of the REST API's document: it speaks the Temporal codec-server protocol
// (docs/temporal.md).
@io.swagger.v3.oas.annotations.Hidden
@RequestMapping("/codec")
public class CodecController {

  /** The Temporal Web UI and CLI name the namespace of the payloads in this header. */
  public static final String NAMESPACE_HEADER = "X-Namespace";

  private final PayloadCodec codec;
  private final String namespace;

  public CodecController(PayloadCodec payloadCodec, TemporalProperties temporal) {
    this.codec = payloadCodec;
    this.namespace = temporal.namespace();
  }

  /** Decrypts the payloads (unencrypted ones come back unchanged). */
  @PostMapping(
      value = "/decode",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @CedarAction(value = "use_codec", resource = CedarAction.CODEC)
  public String decode(
      @RequestHeader(name = NAMESPACE_HEADER, required = false) String requestNamespace,
      @RequestBody String body) {
    return apply(requestNamespace, body, codec::decode);
  }

  /** Encrypts the payloads under the newest key. */
  @PostMapping(
      value = "/encode",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @CedarAction(value = "use_codec", resource = CedarAction.CODEC)
  public String encode(
      @RequestHeader(name = NAMESPACE_HEADER, required = false) String requestNamespace,
      @RequestBody String body) {
    return apply(requestNamespace, body, codec::encode);
  }

  private String apply(
      String requestNamespace, String body, UnaryOperator<List<Payload>> operation) {
    if (requestNamespace != null && !requestNamespace.equals(namespace)) {
      throw new IllegalArgumentException(
          "this codec serves namespace `" + namespace + "`, not `" + requestNamespace + "`");
    }
    Payloads.Builder in = Payloads.newBuilder();
    try {
      JsonFormat.parser().merge(body, in);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "codec body must be {\"payloads\":[{\"metadata\":{...},\"data\":\"base64\"}]}: "
              + e.getMessage(),
          e);
    }
    Payloads out =
        Payloads.newBuilder().addAllPayloads(operation.apply(in.getPayloadsList())).build();
    try {
      return JsonFormat.printer().print(out);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print payloads as JSON", e);
    }
  }

  /** A payload under an unknown key or altered in store: the caller's data, not our fault. */
  @ExceptionHandler(PayloadCodecException.class)
  ResponseEntity<Map<String, Object>> undecodable(PayloadCodecException e) {
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY)
        .body(Map.of("error", e.getMessage()));
  }
}
