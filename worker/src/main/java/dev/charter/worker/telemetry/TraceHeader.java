package dev.charter.worker.telemetry;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.interceptors.Header;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries a span context in a Temporal header as a W3C {@code traceparent} string, so a trace
 * crosses client, workflow and activities, in one process or many.
 */
final class TraceHeader {

  static final String KEY = "charter-traceparent";

  private TraceHeader() {}

  /** A copy of {@code header} carrying {@code context}. */
  static Header with(Header header, SpanContext context) {
    Map<String, Payload> values = new HashMap<>(header.getValues());
    if (context.isValid()) {
      String traceparent =
          "00-"
              + context.getTraceId()
              + "-"
              + context.getSpanId()
              + "-"
              + context.getTraceFlags().asHex();
      values.put(KEY, DefaultDataConverter.STANDARD_INSTANCE.toPayload(traceparent).orElseThrow());
    }
    return new Header(values);
  }

  /** The span context in {@code header}, or an invalid one when there is none. */
  static SpanContext read(Header header) {
    Payload payload = header == null ? null : header.getValues().get(KEY);
    if (payload == null) {
      return SpanContext.getInvalid();
    }
    String traceparent =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
    String[] parts = traceparent == null ? new String[0] : traceparent.split("-");
    if (parts.length != 4) {
      return SpanContext.getInvalid();
    }
    return SpanContext.createFromRemoteParent(
        parts[1], parts[2], TraceFlags.fromHex(parts[3], 0), TraceState.getDefault());
  }
}
