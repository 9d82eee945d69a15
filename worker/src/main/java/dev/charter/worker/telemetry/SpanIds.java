package dev.charter.worker.telemetry;

import dev.charter.activities.audit.Sha256;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.function.Supplier;

/**
 * Random ids, except for the task and step spans: those get ids derived from the workflow run, so
 * stage spans can name their step span as parent before it ends, and a replayed workflow could only
 * ever re-create the same span, never a second one.
 */
final class SpanIds implements IdGenerator {

  private static final ThreadLocal<String[]> NEXT = new ThreadLocal<>();

  private final IdGenerator random = IdGenerator.random();

  /** The span id of {@code what} ("task", "step-2") in a workflow run. */
  static String spanId(String runId, String what) {
    String id = Sha256.hex("charter-span|" + runId + "|" + what).substring(0, SpanId.getLength());
    return SpanId.isValid(id) ? id : "0000000000000001";
  }

  /** The trace id of a run that was started without a trace (e.g. from the Temporal CLI). */
  static String traceId(String runId) {
    String id = Sha256.hex("charter-trace|" + runId).substring(0, TraceId.getLength());
    return TraceId.isValid(id) ? id : "00000000000000000000000000000001";
  }

  /** Runs {@code start} with the given ids handed to the next span the SDK creates. */
  static <T> T with(String traceId, String spanId, Supplier<T> start) {
    NEXT.set(new String[] {traceId, spanId});
    try {
      return start.get();
    } finally {
      NEXT.remove();
    }
  }

  @Override
  public String generateSpanId() {
    String[] next = NEXT.get();
    if (next != null && next[1] != null) {
      String id = next[1];
      next[1] = null;
      return id;
    }
    return random.generateSpanId();
  }

  @Override
  public String generateTraceId() {
    String[] next = NEXT.get();
    if (next != null && next[0] != null) {
      String id = next[0];
      next[0] = null;
      return id;
    }
    return random.generateTraceId();
  }
}
