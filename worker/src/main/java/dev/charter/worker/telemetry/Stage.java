package dev.charter.worker.telemetry;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.Compensation;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.ModelAuthorizationRequest;
import dev.charter.contract.PerceptionRequest;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolInvocation;
import java.util.List;

/** The stage of the governed step an activity call belongs to, told by its argument. */
enum Stage {
  PIN,
  PERCEIVE,
  ROUTE,
  INFER,
  AUTHORIZE,
  ACT,
  COMPENSATE,
  RECORD,
  OTHER;

  /** The span name: {@code charter.perceive}, ... */
  String spanName() {
    return "charter." + name().toLowerCase(java.util.Locale.ROOT);
  }

  static Stage of(Object[] args) {
    Object arg = args == null || args.length == 0 ? null : args[0];
    if (arg instanceof TaskRequest) {
      return PIN;
    } else if (arg instanceof PerceptionRequest) {
      return PERCEIVE;
    } else if (arg instanceof ModelAuthorizationRequest) {
      return ROUTE;
    } else if (arg instanceof InferenceRequest) {
      return INFER;
    } else if (arg instanceof ToolAuthorizationRequest) {
      return AUTHORIZE;
    } else if (arg instanceof ToolInvocation) {
      return ACT;
    } else if (arg instanceof Compensation) {
      return COMPENSATE;
    } else if (arg instanceof List<?> list
        && !list.isEmpty()
        && list.get(0) instanceof AuditEvent) {
      return RECORD;
    }
    return OTHER;
  }

  /** The step the call belongs to, or -1 when it does not say (then: the current step). */
  static int stepOf(Object[] args) {
    Object arg = args == null || args.length == 0 ? null : args[0];
    if (arg instanceof TaskRequest) {
      return 0;
    } else if (arg instanceof PerceptionRequest r) {
      return r.step();
    } else if (arg instanceof ModelAuthorizationRequest r) {
      return r.step();
    } else if (arg instanceof InferenceRequest r) {
      return r.step();
    } else if (arg instanceof ToolAuthorizationRequest r) {
      return r.step();
    } else if (arg instanceof ToolInvocation r) {
      return r.step();
    } else if (arg instanceof List<?> list
        && !list.isEmpty()
        && list.get(0) instanceof AuditEvent event) {
      return event.step();
    }
    return -1;
  }
}
