package dev.charter.starter.codec;

import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the Temporal CLI does with {@code --codec-endpoint <url> --codec-header K=V}: every payload
 * it sends goes through {@code POST <url>/encode}, every payload it shows through {@code POST
 * <url>/decode}, as proto JSON {@code {"payloads":[...]}}. Tests drive Charter's codec server with
 * it, so the keys never leave the server.
 */
public final class RemoteCodec implements PayloadCodec {

  private final URI endpoint;
  private final Map<String, String> headers;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public RemoteCodec(String endpoint, Map<String, String> headers) {
    this.endpoint = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
    this.headers = Map.copyOf(headers);
  }

  /** A client's converter whose codec is the remote endpoint, as the CLI's. */
  public static DataConverter converter(String endpoint, Map<String, String> headers) {
    return new CodecDataConverter(
        DefaultDataConverter.newDefaultInstance(), List.of(new RemoteCodec(endpoint, headers)));
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return call("encode", payloads);
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return call("decode", payloads);
  }

  private List<Payload> call(String operation, List<Payload> payloads) {
    if (payloads.isEmpty()) {
      return payloads;
    }
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(endpoint.resolve(operation))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .header("X-Namespace", "default")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      JsonFormat.printer()
                          .print(Payloads.newBuilder().addAllPayloads(payloads).build())));
      headers.forEach(request::header);
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new PayloadCodecException(
            "codec server "
                + operation
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      Payloads.Builder answer = Payloads.newBuilder();
      JsonFormat.parser().merge(response.body(), answer);
      return answer.getPayloadsList();
    } catch (IOException e) {
      throw new PayloadCodecException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PayloadCodecException(e);
    }
  }
}
