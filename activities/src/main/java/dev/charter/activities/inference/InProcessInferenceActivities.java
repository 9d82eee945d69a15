package dev.charter.activities.inference;

import dev.charter.contract.BackendRef;
import dev.charter.contract.Decision;
import dev.charter.contract.DecisionCalibration;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.ModelProvenance;
import dev.charter.contract.ToolCall;
import dev.charter.model.Abstention;
import dev.charter.model.Calibration;
import dev.charter.model.Intent;
import dev.charter.model.IntentModel;
import dev.charter.model.IntentPrediction;
import dev.charter.model.ModelCard;
import dev.charter.workflow.activity.InferenceActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code in_process} backend: the open-weight intent model running in the worker decides the
 * next step of the intent's tool plan.
 *
 * <p>Workers route through {@link RoutingInferenceActivities}, which calls this class through
 * {@link InProcessBackend}. Called directly, it skips backends of other hostings and records them
 * in the fallback chain as {@code <name>:unsupported}. The model picks the intent; everything else
 * is fixed by the plan and the task's fields, so a confident but wrong model can at worst propose a
 * tool that Cedar then authorizes or refuses.
 *
 * <p>The intent is decided on the customer's own text: the tool results perception appends to the
 * observation at later steps are cut off before the model sees it, so a tool's output cannot move
 * the task to another plan. Later steps take the next action from the plan and those tool results
 * (e.g. an order already refunded in full is handed to a human instead of refunded again). When the
 * model abstains ({@code other}, out of distribution, low confidence) the ticket goes to a human
 * with the reason, and the decision's provenance carries the thresholds, calibration error and OOD
 * score.
 */
public final class InProcessInferenceActivities implements InferenceActivities {

  /** The hosting this implementation serves. */
  public static final String IN_PROCESS = "in_process";

  /** Below this confidence an uncalibrated model's (v1, v2) ticket goes to a human. */
  public static final double MIN_CONFIDENCE = IntentModel.UNCALIBRATED_THRESHOLD;

  static final String VENDOR = "charter";
  static final String NO_BACKEND = "NoBackendAvailable";
  static final String INVALID_REQUEST = "InvalidInferenceRequest";

  private static final Logger LOG = LoggerFactory.getLogger(InProcessInferenceActivities.class);

  private final Function<String, IntentPrediction> classifier;
  private final ModelCard card;

  /** Decides with {@code model}, which the caller owns and closes. */
  public InProcessInferenceActivities(IntentModel model) {
    this(model::predict, model.card());
  }

  InProcessInferenceActivities(Function<String, IntentPrediction> classifier, ModelCard card) {
    this.classifier = classifier;
    this.card = card;
  }

  @Override
  public Decision decide(InferenceRequest request) {
    List<String> chain = new ArrayList<>();
    BackendRef backend = chooseBackend(request, chain);
    if (request.observation() == null || request.observation().redactedContent() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "inference request for task `"
              + request.taskId()
              + "` step "
              + request.step()
              + " has no observation content to classify",
          INVALID_REQUEST);
    }
    CustomerText observed =
        CustomerText.of(request.observation().redactedContent(), request.toolsDone());
    String text = observed.customer();

    long started = System.nanoTime();
    IntentPrediction prediction = classifier.apply(text);
    long latencyMicros = (System.nanoTime() - started) / 1_000;

    Intent intent = Intent.fromLabel(prediction.intent());
    Step step = nextStep(request, intent, prediction, observed);
    ModelProvenance provenance =
        new ModelProvenance(
            backend.name(),
            IN_PROCESS,
            VENDOR,
            card.modelId(),
            card.version(),
            card.weightsSha256(),
            Map.of(
                "seed", Long.toString(card.seed()),
                "temperature", "0",
                "encoderId", card.encoderId(),
                "encoderSha256", card.encoderSha256()),
            latencyMicros,
            whitespaceTokens(text),
            0,
            0.0,
            chain,
            calibration(prediction));
    LOG.info(
        "event=model_decision taskId={} step={} backend={} intent={} confidence={} abstention={}"
            + " next={} latencyMicros={}",
        request.taskId(),
        request.step(),
        backend.name(),
        intent.label(),
        format(prediction.confidence()),
        prediction.abstention() == null ? "none" : prediction.abstention().reason(),
        step.call().map(ToolCall::tool).orElse("final_answer"),
        latencyMicros);
    return new Decision(
        step.call().map(List::of).orElse(List.of()),
        step.call().isPresent() ? null : step.finalAnswer(),
        intent.label(),
        prediction.confidence(),
        step.rationale(),
        provenance);
  }

  /** The calibration record of a calibrated model's decision; null for v1 and v2. */
  private DecisionCalibration calibration(IntentPrediction prediction) {
    Calibration calibration = card.calibration();
    if (calibration == null || prediction.oodScore() == null) {
      return null;
    }
    return new DecisionCalibration(
        calibration.temperature(),
        calibration.confidenceThreshold(),
        prediction.oodScore(),
        calibration.oodThreshold(),
        calibration.heldOutEce(),
        prediction.abstention() == null ? null : prediction.abstention().reason());
  }

  /** The first in-process backend in route order; every skipped one goes into {@code chain}. */
  private static BackendRef chooseBackend(InferenceRequest request, List<String> chain) {
    for (BackendRef backend : request.backends()) {
      if (IN_PROCESS.equals(backend.hosting())) {
        chain.add(backend.name());
        return backend;
      }
      chain.add(backend.name() + ":unsupported");
    }
    String tried =
        request.backends().isEmpty()
            ? "none were permitted"
            : "tried "
                + request.backends().stream().map(b -> b.name() + " (" + b.hosting() + ")").toList()
                + ", only in_process is served";
    throw ApplicationFailure.newNonRetryableFailure(
        "no backend available for task `"
            + request.taskId()
            + "` step "
            + request.step()
            + ": "
            + tried,
        NO_BACKEND);
  }

  private Step nextStep(
      InferenceRequest request, Intent intent, IntentPrediction prediction, CustomerText observed) {
    double confidence = prediction.confidence();
    String classified = "Classified as `" + intent.label() + "` (confidence " + format(confidence);
    Abstention abstention = prediction.abstention();
    List<String> plan =
        abstention != null ? List.of(ToolPlan.ESCALATE_TO_HUMAN) : ToolPlan.forIntent(intent);

    // A hand-over beyond what the plan asked for means an earlier step gave up: stop there.
    if (ToolPlan.count(request.toolsDone(), ToolPlan.ESCALATE_TO_HUMAN)
        > ToolPlan.count(plan, ToolPlan.ESCALATE_TO_HUMAN)) {
      return Step.done(
          classified + "); the task was handed to a human, nothing left to do.",
          FinalAnswers.HANDED_TO_HUMAN);
    }
    if (abstention != null && request.toolsDone().isEmpty()) {
      return escalate(
          request,
          abstention.reason(),
          classified
              + "): "
              + abstentionReason(abstention, prediction)
              + ", handing the ticket to a human.",
          FinalAnswers.HANDED_TO_HUMAN);
    }
    if (abstention != null) {
      return Step.done(
          classified + "); the task was handed to a human, nothing left to do.",
          FinalAnswers.HANDED_TO_HUMAN);
    }
    String blocked = observed.blockingResult(intent);
    if (blocked != null) {
      return escalate(
          request,
          blocked,
          classified + "); the tool results say " + blocked + ", handing the ticket to a human.",
          FinalAnswers.HANDED_TO_HUMAN);
    }

    Optional<String> next = ToolPlan.nextStep(plan, request.toolsDone());
    String planText = String.join(" -> ", plan);
    if (next.isEmpty()) {
      return Step.done(
          classified + "); plan " + planText + " is complete.", FinalAnswers.of(intent));
    }
    String tool = next.get();
    if (!request.tools().contains(tool)) {
      return escalate(
          request,
          "tool `" + tool + "` not available for " + intent.label(),
          classified
              + "); plan "
              + planText
              + " needs `"
              + tool
              + "`, which this agent may not use.",
          "This request needs a step this agent is not allowed to take; it cannot be completed"
              + " automatically.");
    }
    ToolPlan.Built built = ToolPlan.build(tool, intent, request.fields());
    if (built.call() == null) {
      String reason = "missing field `" + built.missingField() + "` for " + intent.label();
      return escalate(
          request,
          reason,
          classified + "); plan " + planText + " cannot continue: " + reason + ".",
          "This request lacks details needed to complete it automatically.");
    }
    return Step.call(
        built.call(), classified + "); plan " + planText + ", next step `" + tool + "`.");
  }

  /** The reason a human reads, with the figures that led to it. */
  private String abstentionReason(Abstention abstention, IntentPrediction prediction) {
    Calibration calibration = card.calibration();
    return switch (abstention) {
      case OTHER -> "fits no plan (`other`)";
      case OUT_OF_DISTRIBUTION ->
          "out of distribution (score "
              + format(prediction.oodScore())
              + " above "
              + format(calibration.oodThreshold())
              + ")";
      case LOW_CONFIDENCE ->
          "low confidence ("
              + format(prediction.confidence())
              + " below "
              + format(calibration == null ? MIN_CONFIDENCE : calibration.confidenceThreshold())
              + ")";
    };
  }

  /**
   * Hands the ticket to a human when the agent may do so; otherwise ends the task with an answer
   * that says it could not be completed.
   */
  private static Step escalate(
      InferenceRequest request, String reason, String rationale, String answerIfNoEscalation) {
    if (request.tools().contains(ToolPlan.ESCALATE_TO_HUMAN)) {
      return Step.call(ToolPlan.escalation(reason), rationale);
    }
    return Step.done(
        rationale + " Escalation is not available to this agent.", answerIfNoEscalation);
  }

  private static int whitespaceTokens(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** The outcome of planning: one call, or the final answer. */
  private record Step(Optional<ToolCall> call, String rationale, String finalAnswer) {
    static Step call(ToolCall call, String rationale) {
      return new Step(Optional.of(call), rationale, null);
    }

    static Step done(String rationale, String finalAnswer) {
      return new Step(Optional.empty(), rationale, finalAnswer);
    }
  }

  /** Short closing sentences per intent; they carry no customer data. */
  private static final class FinalAnswers {
    static final String HANDED_TO_HUMAN =
        "Your request has been passed to a member of our support team, who will get back to you.";

    static String of(Intent intent) {
      return switch (intent) {
        case ORDER_STATUS ->
            "I have checked your order; its latest delivery status is shown in your order history.";
        case REFUND -> "Your refund has been issued and a confirmation email has been sent.";
        case RECEIPT -> "Your receipt has been sent to the email address on your account.";
        case DATA_EXPORT -> "Your data export has been sent to the requested destination.";
        case ESCALATION, OTHER -> HANDED_TO_HUMAN;
      };
    }
  }
}
