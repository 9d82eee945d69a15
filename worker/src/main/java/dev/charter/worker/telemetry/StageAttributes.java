package dev.charter.worker.telemetry;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.BackendRef;
import dev.charter.contract.DataLabels;
import dev.charter.contract.Decision;
import dev.charter.contract.ModelProvenance;
import dev.charter.contract.Observation;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Span attributes per stage, from the activity's argument and result. Only identifiers, labels,
 * hashes, verdicts and figures: never content, tool arguments or outputs (they may hold PII).
 */
final class StageAttributes {

  static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("charter.task_id");
  static final AttributeKey<Long> STEP = AttributeKey.longKey("charter.step");
  static final AttributeKey<String> VERDICT = AttributeKey.stringKey("charter.verdict");
  static final AttributeKey<List<String>> POLICY_IDS =
      AttributeKey.stringArrayKey("charter.policy_ids");
  static final AttributeKey<String> BUNDLE_ID = AttributeKey.stringKey("charter.bundle_id");
  static final AttributeKey<String> CLASSIFICATION =
      AttributeKey.stringKey("charter.labels.classification");
  static final AttributeKey<List<String>> PII_KINDS =
      AttributeKey.stringArrayKey("charter.labels.pii_kinds");
  static final AttributeKey<String> RESIDENCY = AttributeKey.stringKey("charter.labels.residency");
  static final AttributeKey<Boolean> TAINTED = AttributeKey.booleanKey("charter.tainted");
  static final AttributeKey<String> BACKEND = AttributeKey.stringKey("charter.backend");
  static final AttributeKey<Boolean> FALLBACK = AttributeKey.booleanKey("charter.fallback");
  static final AttributeKey<List<String>> FALLBACK_CHAIN =
      AttributeKey.stringArrayKey("charter.fallback_chain");
  static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("charter.cost.usd");
  static final AttributeKey<String> GEN_AI_SYSTEM = AttributeKey.stringKey("gen_ai.system");
  static final AttributeKey<String> GEN_AI_OPERATION =
      AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> GEN_AI_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<Long> GEN_AI_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> GEN_AI_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<String> TOOL = AttributeKey.stringKey("charter.tool");

  private StageAttributes() {}

  static void describe(Span span, Stage stage, Object argument, Object result) {
    switch (stage) {
      case PIN -> {
        if (result instanceof TaskPin pin) {
          span.setAttribute(BUNDLE_ID, nonNull(pin.bundleHash()));
          span.setAttribute("charter.risk_tier", nonNull(pin.riskTier()));
          span.setAttribute("charter.tenant", nonNull(pin.tenant()));
          span.setAttribute("charter.profile", nonNull(pin.profile()));
        }
      }
      case PERCEIVE -> {
        if (result instanceof Observation observation) {
          labels(span, observation.labels());
          span.setAttribute(TAINTED, observation.tainted());
          span.setAttribute("charter.content_sha256", nonNull(observation.contentSha256()));
        }
      }
      case ROUTE -> {
        if (result instanceof RouteDecision route) {
          span.setAttribute(VERDICT, route.permitted().isEmpty() ? "DENY" : "ALLOW");
          span.setAttribute(
              AttributeKey.stringArrayKey("charter.backends.permitted"),
              route.permitted().stream().map(BackendRef::name).toList());
          span.setAttribute(
              AttributeKey.stringArrayKey("charter.backends.refused"), route.refusedBackends());
          List<String> ids = new ArrayList<>();
          route.refused().forEach(v -> ids.addAll(v.determiningPolicies()));
          span.setAttribute(POLICY_IDS, ids);
        }
      }
      case INFER -> {
        if (result instanceof Decision decision && decision.provenance() != null) {
          ModelProvenance p = decision.provenance();
          span.setAttribute(GEN_AI_OPERATION, "chat");
          span.setAttribute(GEN_AI_SYSTEM, nonNull(p.vendor()));
          span.setAttribute(GEN_AI_MODEL, nonNull(p.modelId()));
          span.setAttribute(GEN_AI_INPUT_TOKENS, (long) p.inputTokens());
          span.setAttribute(GEN_AI_OUTPUT_TOKENS, (long) p.outputTokens());
          span.setAttribute(COST_USD, p.costUsd());
          span.setAttribute(BACKEND, nonNull(p.backend()));
          span.setAttribute("charter.backend.hosting", nonNull(p.hosting()));
          span.setAttribute("charter.model.version", nonNull(p.modelVersion()));
          span.setAttribute(FALLBACK, p.fallbackChain().size() > 1);
          span.setAttribute(FALLBACK_CHAIN, p.fallbackChain());
          span.setAttribute("charter.decision.intent", nonNull(decision.intent()));
        }
      }
      case AUTHORIZE -> {
        if (argument instanceof ToolAuthorizationRequest request) {
          span.setAttribute(TOOL, nonNull(request.call().tool()));
          labels(span, request.labels());
          span.setAttribute(TAINTED, request.tainted());
          span.setAttribute("charter.approvals", (long) request.approvals().size());
        }
        if (result instanceof PolicyVerdict verdict) {
          span.setAttribute(VERDICT, verdict.outcome().name());
          span.setAttribute(POLICY_IDS, verdict.determiningPolicies());
          span.setAttribute(BUNDLE_ID, nonNull(verdict.bundleHash()));
        }
      }
      case ACT, COMPENSATE -> {
        if (argument instanceof ToolInvocation invocation) {
          span.setAttribute(TOOL, nonNull(invocation.call().tool()));
          span.setAttribute("charter.idempotency_key", nonNull(invocation.idempotencyKey()));
        }
        if (result instanceof ToolResult tool) {
          span.setAttribute(TOOL, nonNull(tool.tool()));
          span.setAttribute("charter.tool.replayed", tool.replayed());
          span.setAttribute("charter.tool.compensable", tool.compensation() != null);
        }
      }
      case RECORD -> {
        if (argument instanceof List<?> events) {
          span.setAttribute("charter.ledger.events", (long) events.size());
          span.setAttribute(
              AttributeKey.stringArrayKey("charter.ledger.event_types"),
              events.stream()
                  .filter(AuditEvent.class::isInstance)
                  .map(e -> ((AuditEvent) e).type())
                  .toList());
        }
      }
      default -> {}
    }
  }

  private static void labels(Span span, DataLabels labels) {
    if (labels == null) {
      return;
    }
    span.setAttribute(CLASSIFICATION, nonNull(labels.classification()));
    span.setAttribute(PII_KINDS, labels.piiKinds());
    span.setAttribute(RESIDENCY, nonNull(labels.residency()));
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
