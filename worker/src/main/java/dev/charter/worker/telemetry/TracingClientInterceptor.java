package dev.charter.worker.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;

/**
 * Starts the trace of a task: span {@code charter.task.start} around the start call (a child of
 * whatever span is current, e.g. an HTTP request), carried to the workflow in its header.
 */
public final class TracingClientInterceptor extends WorkflowClientInterceptorBase {

  private final Tracer tracer;

  public TracingClientInterceptor(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
      WorkflowClientCallsInterceptor next) {
    return new WorkflowClientCallsInterceptorBase(next) {
      @Override
      public WorkflowStartOutput start(WorkflowStartInput input) {
        Span span =
            tracer
                .spanBuilder("charter.task.start")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(StageAttributes.TASK_ID, input.getWorkflowId())
                .setAttribute("temporal.workflow.type", input.getWorkflowType())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
          return super.start(
              new WorkflowStartInput(
                  input.getWorkflowId(),
                  input.getWorkflowType(),
                  TraceHeader.with(input.getHeader(), span.getSpanContext()),
                  input.getArguments(),
                  input.getOptions()));
        } catch (RuntimeException failure) {
          span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
          throw failure;
        } finally {
          span.end();
        }
      }
    };
  }
}
