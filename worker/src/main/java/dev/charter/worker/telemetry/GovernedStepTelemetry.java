package dev.charter.worker.telemetry;

import dev.charter.contract.TaskStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import io.temporal.workflow.unsafe.WorkflowUnsafe;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Traces and measures the governed step inside a worker.
 *
 * <ul>
 *   <li>Activity side: one span per stage call ({@code charter.perceive}, {@code charter.route},
 *       {@code charter.infer}, {@code charter.authorize}, {@code charter.act}, {@code
 *       charter.record}, ...) with the stage's attributes, and the governance metrics. Activities
 *       and local activities run once per attempt and never on replay.
 *   <li>Workflow side: the activity headers carry the step span as parent; the step spans ({@code
 *       charter.step}) and the task span ({@code charter.task}) are emitted when they end, with ids
 *       derived from the run, and only when the workflow is not replaying. A worker restart or a
 *       cache eviction therefore adds no span.
 * </ul>
 */
public final class GovernedStepTelemetry extends WorkerInterceptorBase {

  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Tracer tracer;
  private final GovernanceMetrics metrics;

  public GovernedStepTelemetry(Tracer tracer, GovernanceMetrics metrics) {
    this.tracer = tracer;
    this.metrics = metrics;
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowTelemetry(next);
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityTelemetry(next);
  }

  private static Context parentContext(SpanContext parent) {
    return parent.isValid() ? Context.root().with(Span.wrap(parent)) : Context.root();
  }

  private static String errorType(Throwable error) {
    return error instanceof ApplicationFailure app && app.getType() != null
        ? app.getType()
        : error.getClass().getSimpleName();
  }

  /** Per workflow run: knows the current step and emits step and task spans when live. */
  private final class WorkflowTelemetry extends WorkflowInboundCallsInterceptorBase {

    private String runId;
    private String traceId;
    private SpanContext taskContext = SpanContext.getInvalid();
    private int step;
    private long stepStartedAt;

    WorkflowTelemetry(WorkflowInboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
      super.init(new Outbound(outboundCalls));
    }

    @Override
    public WorkflowOutput execute(WorkflowInput input) {
      WorkflowInfo info = Workflow.getInfo();
      runId = info.getRunId();
      SpanContext client = TraceHeader.read(input.getHeader());
      traceId = client.isValid() ? client.getTraceId() : SpanIds.traceId(runId);
      taskContext = context(SpanIds.spanId(runId, "task"));
      long startedAt = info.getRunStartedTimestampMillis();
      WorkflowOutput output;
      try {
        output = super.execute(input);
      } catch (RuntimeException failure) {
        // An Error (the SDK destroying an evicted workflow's thread) is not an end: no span.
        closeStep();
        endTask(client, startedAt, info, null, failure);
        throw failure;
      }
      closeStep();
      endTask(client, startedAt, info, output.getResult(), null);
      return output;
    }

    /** The parent for a call of {@code callStep}; a higher step closes the current one. */
    SpanContext parentFor(int callStep) {
      if (callStep > step) {
        closeStep();
        step = callStep;
        stepStartedAt = Workflow.currentTimeMillis();
      }
      return step == 0 ? taskContext : context(SpanIds.spanId(runId, "step-" + step));
    }

    private SpanContext context(String spanId) {
      return SpanContext.createFromRemoteParent(
          traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
    }

    private void closeStep() {
      if (step == 0 || WorkflowUnsafe.isReplaying()) {
        return;
      }
      Attributes attributes =
          Attributes.builder()
              .put(StageAttributes.TASK_ID, Workflow.getInfo().getWorkflowId())
              .put(StageAttributes.STEP, (long) step)
              .build();
      emit(
          "charter.step",
          SpanIds.spanId(runId, "step-" + step),
          taskContext.isValid() ? taskContext : SpanContext.getInvalid(),
          stepStartedAt,
          attributes,
          null);
    }

    private void endTask(
        SpanContext client, long startedAt, WorkflowInfo info, Object result, Throwable failure) {
      if (WorkflowUnsafe.isReplaying()) {
        return;
      }
      AttributesBuilder attributes =
          Attributes.builder()
              .put(StageAttributes.TASK_ID, info.getWorkflowId())
              .put("temporal.workflow.type", info.getWorkflowType())
              .put("temporal.run_id", info.getRunId());
      if (result instanceof TaskStatus status) {
        attributes
            .put("charter.task.state", String.valueOf(status.state()))
            .put("charter.steps", (long) status.stepsUsed())
            .put(AttributeKey.doubleKey("charter.cost.task_usd"), status.costUsd())
            .put(AttributeKey.longKey("charter.tokens.task"), status.tokensUsed())
            .put(AttributeKey.stringArrayKey("charter.backends"), List.copyOf(status.backends()));
        if (status.pin() != null) {
          attributes
              .put(StageAttributes.BUNDLE_ID, String.valueOf(status.pin().bundleHash()))
              .put("charter.risk_tier", String.valueOf(status.pin().riskTier()))
              .put("charter.tenant", String.valueOf(status.pin().tenant()));
        }
      }
      emit("charter.task", taskContext.getSpanId(), client, startedAt, attributes.build(), failure);
    }

    private void emit(
        String name,
        String spanId,
        SpanContext parent,
        long startedAt,
        Attributes attributes,
        Throwable failure) {
      Span span =
          SpanIds.with(
              traceId,
              spanId,
              () ->
                  tracer
                      .spanBuilder(name)
                      .setParent(parentContext(parent))
                      .setSpanKind(SpanKind.INTERNAL)
                      .setStartTimestamp(startedAt, TimeUnit.MILLISECONDS)
                      .setAllAttributes(attributes)
                      .startSpan());
      if (failure != null) {
        span.setAttribute(ERROR_TYPE, errorType(failure));
        span.setStatus(StatusCode.ERROR, errorType(failure));
      }
      span.end(Workflow.currentTimeMillis(), TimeUnit.MILLISECONDS);
    }

    /** Puts the step span into every activity's header. */
    private final class Outbound extends WorkflowOutboundCallsInterceptorBase {

      Outbound(WorkflowOutboundCallsInterceptor next) {
        super(next);
      }

      @Override
      public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
        SpanContext parent = parentFor(Stage.stepOf(input.getArgs()));
        return super.executeActivity(
            new ActivityInput<>(
                input.getActivityName(),
                input.getResultClass(),
                input.getResultType(),
                input.getArgs(),
                input.getOptions(),
                TraceHeader.with(input.getHeader(), parent)));
      }

      @Override
      public <R> LocalActivityOutput<R> executeLocalActivity(LocalActivityInput<R> input) {
        SpanContext parent = parentFor(Stage.stepOf(input.getArgs()));
        return super.executeLocalActivity(
            new LocalActivityInput<>(
                input.getActivityName(),
                input.getResultClass(),
                input.getResultType(),
                input.getArgs(),
                input.getOptions(),
                TraceHeader.with(input.getHeader(), parent)));
      }
    }
  }

  /** One span per activity attempt, plus the metrics its result feeds. */
  private final class ActivityTelemetry extends ActivityInboundCallsInterceptorBase {

    private ActivityExecutionContext context;

    ActivityTelemetry(ActivityInboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public void init(ActivityExecutionContext context) {
      this.context = context;
      super.init(context);
    }

    @Override
    public ActivityOutput execute(ActivityInput input) {
      ActivityInfo info = context.getInfo();
      Object[] args = input.getArguments();
      Object argument = args == null || args.length == 0 ? null : args[0];
      Stage stage = Stage.of(args);
      int step = Stage.stepOf(args);
      Span span =
          tracer
              .spanBuilder(stage.spanName())
              .setParent(parentContext(TraceHeader.read(input.getHeader())))
              .setSpanKind(SpanKind.INTERNAL)
              .setAttribute(StageAttributes.TASK_ID, info.getWorkflowId())
              .setAttribute("temporal.activity.type", info.getActivityType())
              .setAttribute("temporal.attempt", (long) info.getAttempt())
              .setAttribute("temporal.local", info.isLocal())
              .startSpan();
      if (step >= 0) {
        span.setAttribute(StageAttributes.STEP, (long) step);
      }
      long started = System.nanoTime();
      try (Scope ignored = span.makeCurrent()) {
        ActivityOutput output = super.execute(input);
        StageAttributes.describe(span, stage, argument, output.getResult());
        measure(stage, argument, output.getResult(), System.nanoTime() - started);
        return output;
      } catch (RuntimeException | Error failure) {
        // The type only: messages may quote inputs.
        span.setAttribute(ERROR_TYPE, errorType(failure));
        span.setStatus(StatusCode.ERROR, errorType(failure));
        throw failure;
      } finally {
        span.end();
      }
    }

    private void measure(Stage stage, Object argument, Object result, long nanos) {
      switch (stage) {
        case AUTHORIZE -> {
          if (result instanceof dev.charter.contract.PolicyVerdict verdict) {
            metrics.verdict("authorize", verdict);
          }
        }
        case ROUTE -> {
          if (result instanceof dev.charter.contract.RouteDecision route) {
            metrics.route(route);
          }
        }
        case INFER -> {
          if (result instanceof dev.charter.contract.Decision decision) {
            metrics.decision(decision);
          }
        }
        case RECORD -> {
          if (argument instanceof List<?> events) {
            metrics.recorded(events, nanos);
          }
        }
        default -> {}
      }
    }
  }
}
