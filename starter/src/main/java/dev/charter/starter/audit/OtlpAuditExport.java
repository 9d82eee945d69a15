package dev.charter.starter.audit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends exported ledger events as OpenTelemetry log records over OTLP/HTTP, one record per event:
 * the body is the event's JSON line, the attributes name task, seq, type and chain hash, so a log
 * pipeline can index them without parsing the body.
 */
public final class OtlpAuditExport {

  static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("charter.task_id");
  static final AttributeKey<Long> SEQ = AttributeKey.longKey("charter.audit.seq");
  static final AttributeKey<String> TYPE = AttributeKey.stringKey("charter.audit.type");
  static final AttributeKey<String> HASH = AttributeKey.stringKey("charter.audit.hash");
  static final AttributeKey<String> TRACE_ID = AttributeKey.stringKey("charter.trace_id");

  private static final ObjectMapper JSON = new ObjectMapper();

  private OtlpAuditExport() {}

  /**
   * Sends the lines and waits until the collector has acknowledged them.
   *
   * @param endpoint the collector's base URL, e.g. {@code http://127.0.0.1:4318}
   * @throws IllegalStateException naming the endpoint when the collector did not accept them
   */
  public static void send(String endpoint, List<String> jsonLines) {
    String url = endpoint.replaceAll("/+$", "") + "/v1/logs";
    SdkLoggerProvider provider =
        SdkLoggerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(Resource.builder().put("service.name", "charter-audit").build()))
            .addLogRecordProcessor(
                BatchLogRecordProcessor.builder(
                        OtlpHttpLogRecordExporter.builder().setEndpoint(url).build())
                    .build())
            .build();
    try {
      Logger logger = provider.get("dev.charter.audit");
      for (String line : jsonLines) {
        ExportedEvent event = parse(line);
        var record =
            logger
                .logRecordBuilder()
                .setSeverity(Severity.INFO)
                .setBody(line)
                .setAttribute(TASK_ID, event.taskId())
                .setAttribute(SEQ, event.seq())
                .setAttribute(TYPE, event.type())
                .setAttribute(HASH, event.hash());
        if (event.traceId() != null) {
          record.setAttribute(TRACE_ID, event.traceId());
        }
        record.emit();
      }
      CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
      if (!flushed.isSuccess()) {
        throw new IllegalStateException(
            "OTLP log export to " + url + " failed: the collector did not accept the records");
      }
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The members of an export line ({@link AuditReport#jsonLine}) the attributes name; the body
   * carries the rest.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ExportedEvent(
      @JsonProperty("taskId") String taskId,
      @JsonProperty("seq") long seq,
      @JsonProperty("type") String type,
      @JsonProperty("hash") String hash,
      @JsonProperty("traceId") String traceId) {}

  private static ExportedEvent parse(String line) {
    try {
      return JSON.readValue(line, ExportedEvent.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("export line is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
