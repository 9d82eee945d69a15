package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.Map;

/**
 * One governed fact as the ledger stores it: the payload of an {@link AuditEvent}. Each record
 * below is one kind of fact, named by its stable {@link #type()} (the ledger's {@code type} column,
 * e.g. {@code policy.verdict}) and carrying its {@link #schemaVersion()}.
 *
 * <p>Writers build a record and hand it to the ledger inside an {@link AuditEvent}; readers get the
 * record back (Jackson resolves it by type name, see {@link AuditEvent#payload()}), never a map.
 * The type names are the ones chains have always used, so ledgers written before these records read
 * the same. A record's JSON is its payload: members whose value is null are left out, as before.
 * Adding a field is a new schema version of that record; renaming or removing one is a new record
 * with a new type name.
 *
 * <p>Payloads never hold raw PII or secrets: content is named by its sha-256, PII by its kind, tool
 * arguments by their sha-256. docs/audit-events.schema.json publishes the JSON Schema of every
 * record, generated from this file ({@code AuditFactSchemaTest} fails when it is stale).
 */
@JsonSubTypes({
  @JsonSubTypes.Type(AuditFact.TaskPinned.class),
  @JsonSubTypes.Type(AuditFact.TaskPinMoved.class),
  @JsonSubTypes.Type(AuditFact.TaskContinued.class),
  @JsonSubTypes.Type(AuditFact.ObservationPerceived.class),
  @JsonSubTypes.Type(AuditFact.ModelRouted.class),
  @JsonSubTypes.Type(AuditFact.ModelDecided.class),
  @JsonSubTypes.Type(AuditFact.IntentChanged.class),
  @JsonSubTypes.Type(AuditFact.VerdictRecorded.class),
  @JsonSubTypes.Type(AuditFact.ShadowDisagreement.class),
  @JsonSubTypes.Type(AuditFact.ApprovalRequested.class),
  @JsonSubTypes.Type(AuditFact.ApprovalGranted.class),
  @JsonSubTypes.Type(AuditFact.ApprovalRejected.class),
  @JsonSubTypes.Type(AuditFact.ApprovalExpired.class),
  @JsonSubTypes.Type(AuditFact.ApprovalCancelled.class),
  @JsonSubTypes.Type(AuditFact.ToolExecuted.class),
  @JsonSubTypes.Type(AuditFact.ToolFailed.class),
  @JsonSubTypes.Type(AuditFact.ToolRefused.class),
  @JsonSubTypes.Type(AuditFact.CompensationExecuted.class),
  @JsonSubTypes.Type(AuditFact.CompensationRefused.class),
  @JsonSubTypes.Type(AuditFact.BudgetExceeded.class),
  @JsonSubTypes.Type(AuditFact.TaskEnded.class),
  @JsonSubTypes.Type(AuditFact.PolicyActivated.class),
  @JsonSubTypes.Type(AuditFact.PolicyShadowStarted.class),
  @JsonSubTypes.Type(AuditFact.PolicyShadowStopped.class),
  @JsonSubTypes.Type(AuditFact.PolicyRefused.class),
  @JsonSubTypes.Type(AuditFact.BackendSwitched.class),
  @JsonSubTypes.Type(AuditFact.CanarySet.class),
  @JsonSubTypes.Type(AuditFact.CanaryRolledBack.class),
  @JsonSubTypes.Type(AuditFact.ModelShadowed.class),
  @JsonSubTypes.Type(AuditFact.AccessRefused.class)
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface AuditFact {

  /** The stable type name, e.g. {@code policy.verdict}: the ledger's {@code type} column. */
  @JsonIgnore
  String type();

  /** The version of this record's payload schema; 1 until a record gains a field. */
  @JsonIgnore
  default int schemaVersion() {
    return 1;
  }

  /** Every record of the family, in the order docs/audit.md lists them. */
  static List<Class<? extends AuditFact>> kinds() {
    return java.util.Arrays.stream(AuditFact.class.getAnnotation(JsonSubTypes.class).value())
        .<Class<? extends AuditFact>>map(t -> t.value().asSubclass(AuditFact.class))
        .toList();
  }

  /** The type name of a record class of the family. */
  static String typeOf(Class<? extends AuditFact> kind) {
    return kind.getAnnotation(JsonTypeName.class).value();
  }

  // ---- the task -------------------------------------------------------------------------------

  /**
   * What the task pinned at start ({@code Pin} result).
   *
   * @param profile agent profile name
   * @param profileVersion its version
   * @param tenant the tenant
   * @param riskTier LOW, MEDIUM or HIGH
   * @param residency data residency region
   * @param bundleHash the pinned policy bundle
   * @param routeVersion the route table version
   * @param route backend names of the route, in order
   * @param tools tools the profile may use
   * @param budgets the budgets
   * @param pinForward true when the pin follows the active bundle at step boundaries; absent
   *     otherwise
   * @param requestedBy who started the task, when known
   * @param buildCommit the git commit the pinning worker was built from; absent when unknown (pins
   *     from older workers, builds outside git)
   * @param sbomSha256 sha-256 of that worker's CycloneDX SBOM; absent likewise
   * @param requestedRiskTier the lower risk tier the request asked for, raised to the profile's
   *     (schema version 2); absent when the request asked for none or for a tier at least the
   *     profile's
   */
  @JsonTypeName(TaskPinned.TYPE)
  record TaskPinned(
      @JsonProperty("profile") String profile,
      @JsonProperty("profileVersion") String profileVersion,
      @JsonProperty("tenant") String tenant,
      @JsonProperty("riskTier") String riskTier,
      @JsonProperty("residency") String residency,
      @JsonProperty("bundleHash") String bundleHash,
      @JsonProperty("routeVersion") String routeVersion,
      @JsonProperty("route") List<String> route,
      @JsonProperty("tools") List<String> tools,
      @JsonProperty("budgets") Budgets budgets,
      @JsonProperty("pinForward") Boolean pinForward,
      @JsonProperty("requestedBy") String requestedBy,
      @JsonProperty("buildCommit") String buildCommit,
      @JsonProperty("sbomSha256") String sbomSha256,
      @JsonProperty("requestedRiskTier") @JsonPropertyDescription("since schema version 2")
          String requestedRiskTier)
      implements AuditFact {
    public static final String TYPE = "task.pinned";

    /** The newest {@link #schemaVersion()} a pin is written with. */
    public static final int LATEST_SCHEMA_VERSION = 2;

    /** 2 when it records a raised risk tier, the member version 2 added; else 1. */
    @Override
    public int schemaVersion() {
      return requestedRiskTier == null ? 1 : 2;
    }

    /** The fact of {@code pin}, started by {@code requestedBy} (null when unknown). */
    public static TaskPinned of(TaskPin pin, String requestedBy) {
      return new TaskPinned(
          pin.profile(),
          pin.profileVersion(),
          pin.tenant(),
          pin.riskTier(),
          pin.residency(),
          pin.bundleHash(),
          pin.routeVersion(),
          pin.route().stream().map(BackendRef::name).toList(),
          pin.tools(),
          pin.budgets(),
          pin.pinForward() ? Boolean.TRUE : null,
          requestedBy,
          pin.buildCommit(),
          pin.sbomSha256(),
          pin.requestedRiskTier());
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A later step's decision named another intent than the task's first one: recorded, so a switch
   * of plan is never silent.
   *
   * @param fromIntent the task's intent so far
   * @param toIntent the intent this step's decision named
   * @param backend the backend that decided
   * @param confidence its confidence in the new intent
   */
  @JsonTypeName(IntentChanged.TYPE)
  record IntentChanged(
      @JsonProperty("fromIntent") String fromIntent,
      @JsonProperty("toIntent") String toIntent,
      @JsonProperty("backend") String backend,
      @JsonProperty("confidence") double confidence)
      implements AuditFact {
    public static final String TYPE = "model.intent_changed";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * The pin moved to the active bundle at a step boundary (profiles with {@code pin-forward}).
   *
   * @param fromBundleHash the bundle pinned before
   * @param toBundleHash the bundle pinned now
   */
  @JsonTypeName(TaskPinMoved.TYPE)
  record TaskPinMoved(
      @JsonProperty("fromBundleHash") String fromBundleHash,
      @JsonProperty("toBundleHash") String toBundleHash)
      implements AuditFact {
    public static final String TYPE = "task.pin_moved";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A long task continued as new at a step boundary: the next facts carry the new run's id and
   * follow this one in the same chain.
   *
   * @param run the number of the run that continues (2 for the first continuation)
   * @param steps the steps taken so far
   * @param reason {@code steps-per-run} (the loop's own bound) or {@code history-size} (the service
   *     suggested it)
   */
  @JsonTypeName(TaskContinued.TYPE)
  record TaskContinued(
      @JsonProperty("run") int run,
      @JsonProperty("steps") int steps,
      @JsonProperty("reason") String reason)
      implements AuditFact {
    public static final String TYPE = "task.continued";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * How the task ended.
   *
   * @param state the final state
   * @param steps steps used
   * @param tokensUsed model tokens used
   * @param costUsd model cost
   * @param reason why, when it did not complete
   * @param finalAnswer the answer, when it completed with one
   */
  @JsonTypeName(TaskEnded.TYPE)
  record TaskEnded(
      @JsonProperty("state") TaskState state,
      @JsonProperty("steps") int steps,
      @JsonProperty("tokensUsed") long tokensUsed,
      @JsonProperty("costUsd") double costUsd,
      @JsonProperty("reason") String reason,
      @JsonProperty("finalAnswer") String finalAnswer)
      implements AuditFact {
    public static final String TYPE = "task.ended";

    /** How the task ended, from its progress. */
    public static TaskEnded of(TaskProgress progress) {
      return new TaskEnded(
          progress.state(),
          progress.step(),
          progress.tokensUsed(),
          progress.costUsd(),
          progress.reason(),
          progress.finalAnswer());
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A budget stopped the task.
   *
   * @param budget {@code steps}, {@code tokens}, {@code costUsd} or {@code wallClockSeconds}
   * @param used how much was used
   * @param limit the limit
   */
  @JsonTypeName(BudgetExceeded.TYPE)
  record BudgetExceeded(
      @JsonProperty("budget") String budget,
      @JsonProperty("used") double used,
      @JsonProperty("limit") double limit)
      implements AuditFact {
    public static final String TYPE = "budget.exceeded";

    @Override
    public String type() {
      return TYPE;
    }
  }

  // ---- perceive, route, infer -----------------------------------------------------------------

  /**
   * What perception saw ({@code Perceive} result): the content by its hash, never the content.
   *
   * @param contentSha256 sha-256 of the raw content
   * @param labels data labels
   * @param tainted whether any part came from an untrusted source
   * @param sources where the content came from
   */
  @JsonTypeName(ObservationPerceived.TYPE)
  record ObservationPerceived(
      @JsonProperty("contentSha256") String contentSha256,
      @JsonProperty("labels") DataLabels labels,
      @JsonProperty("tainted") boolean tainted,
      @JsonProperty("sources") List<String> sources)
      implements AuditFact {
    public static final String TYPE = "observation.perceived";

    /** The fact of {@code observation}. */
    public static ObservationPerceived of(Observation observation) {
      return new ObservationPerceived(
          observation.contentSha256(),
          observation.labels(),
          observation.tainted(),
          observation.sources());
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * Which backends Cedar let this step's data reach ({@code AuthorizeModel} result).
   *
   * @param permitted permitted backend names, in route order
   * @param refused the refused ones with their verdicts
   */
  @JsonTypeName(ModelRouted.TYPE)
  record ModelRouted(
      @JsonProperty("permitted") List<String> permitted,
      @JsonProperty("refused") List<RefusedBackend> refused)
      implements AuditFact {
    public static final String TYPE = "model.routed";

    /** The fact of {@code route}. */
    public static ModelRouted of(RouteDecision route) {
      List<RefusedBackend> refused = new java.util.ArrayList<>();
      for (int i = 0; i < route.refused().size(); i++) {
        PolicyVerdict verdict = route.refused().get(i);
        refused.add(
            new RefusedBackend(
                route.refusedBackends().get(i),
                verdict.outcome(),
                verdict.determiningPolicies(),
                verdict.bundleHash()));
      }
      return new ModelRouted(route.permitted().stream().map(BackendRef::name).toList(), refused);
    }

    @Override
    public String type() {
      return TYPE;
    }

    /**
     * A backend the step's data may not reach.
     *
     * @param backend its name
     * @param outcome the verdict
     * @param determiningPolicies the policies that decided
     * @param bundleHash the bundle that decided
     */
    public record RefusedBackend(
        @JsonProperty("backend") String backend,
        @JsonProperty("outcome") Outcome outcome,
        @JsonProperty("determiningPolicies") List<String> determiningPolicies,
        @JsonProperty("bundleHash") String bundleHash) {}
  }

  /**
   * What the model decided ({@code Decide} result), with its provenance.
   *
   * @param intent the intent recognised
   * @param confidence the model's confidence, 0..1
   * @param rationale why, in a sentence
   * @param provenance which model decided, exactly
   * @param proposed the tool calls proposed, arguments by hash
   * @param isFinal whether it answered instead of proposing calls (JSON {@code final})
   */
  @JsonTypeName(ModelDecided.TYPE)
  record ModelDecided(
      @JsonProperty("intent") String intent,
      @JsonProperty("confidence") double confidence,
      @JsonProperty("rationale") String rationale,
      @JsonProperty("provenance") ModelProvenance provenance,
      @JsonProperty("proposed") List<ProposedCall> proposed,
      @JsonProperty("final") boolean isFinal)
      implements AuditFact {
    public static final String TYPE = "model.decided";

    /** The fact of {@code decision}. */
    public static ModelDecided of(Decision decision) {
      return new ModelDecided(
          decision.intent(),
          decision.confidence(),
          decision.rationale(),
          decision.provenance(),
          decision.toolCalls().stream().map(ProposedCall::of).toList(),
          decision.isFinal());
    }

    @Override
    public String type() {
      return TYPE;
    }

    /**
     * A proposed tool call, arguments by hash.
     *
     * @param tool the tool
     * @param target its target
     * @param argumentsSha256 {@link ToolCall#argumentsSha256()}
     */
    public record ProposedCall(
        @JsonProperty("tool") String tool,
        @JsonProperty("target") String target,
        @JsonProperty("argumentsSha256") String argumentsSha256) {

      /** The proposal of {@code call}. */
      public static ProposedCall of(ToolCall call) {
        return new ProposedCall(call.tool(), call.target(), call.argumentsSha256());
      }
    }
  }

  // ---- authorize ------------------------------------------------------------------------------

  /**
   * Cedar's verdict on one proposed tool call ({@code AuthorizeTool} result).
   *
   * @param tool the tool
   * @param target its target
   * @param callIndex the call's position in the step's decision
   * @param argumentsSha256 hash of its arguments
   * @param outcome the verdict that counts
   * @param determiningPolicies the policies that decided
   * @param requiredRoles roles whose approval would allow it
   * @param bundleHash the bundle whose verdict counts
   * @param errors evaluation errors (any error denies)
   * @param pinnedBundleHash the pinned bundle, when pinned and active bundle were both consulted
   * @param pinnedOutcome its verdict, as above
   * @param activeBundleHash the active bundle, as above
   * @param activeOutcome its verdict, as above
   * @param erroringPolicies the policies that failed to evaluate, when any did
   * @param failClosed true when the fail-closed rule turned the verdict into DENY; else absent
   * @param cedarOutcome what Cedar's policies alone decided, when {@code failClosed}
   * @param facts the entities the verdict was decided on, with the rows they were read from (schema
   *     version 2); absent when the authorizer loaded none, and then the payload is the version 1
   *     payload it always was
   * @param argumentProvenance each argument by name, mapped to where its value came from ({@code
   *     fields}, {@code tool_result}, {@code untrusted}, {@code invented}) as Cedar saw it (schema
   *     version 3); absent when the authorizer computed none
   */
  @JsonTypeName(VerdictRecorded.TYPE)
  record VerdictRecorded(
      @JsonProperty("tool") String tool,
      @JsonProperty("target") String target,
      @JsonProperty("callIndex") int callIndex,
      @JsonProperty("argumentsSha256") String argumentsSha256,
      @JsonProperty("outcome") Outcome outcome,
      @JsonProperty("determiningPolicies") List<String> determiningPolicies,
      @JsonProperty("requiredRoles") List<String> requiredRoles,
      @JsonProperty("bundleHash") String bundleHash,
      @JsonProperty("errors") List<String> errors,
      @JsonProperty("pinnedBundleHash") String pinnedBundleHash,
      @JsonProperty("pinnedOutcome") Outcome pinnedOutcome,
      @JsonProperty("activeBundleHash") String activeBundleHash,
      @JsonProperty("activeOutcome") Outcome activeOutcome,
      @JsonProperty("erroringPolicies") List<PolicyVerdict.PolicyError> erroringPolicies,
      @JsonProperty("failClosed") Boolean failClosed,
      @JsonProperty("cedarOutcome") Outcome cedarOutcome,
      @JsonProperty("facts") @JsonPropertyDescription("since schema version 2")
          List<PolicyFact> facts,
      @JsonProperty("argumentProvenance") @JsonPropertyDescription("since schema version 3")
          Map<String, String> argumentProvenance)
      implements AuditFact {
    public static final String TYPE = "policy.verdict";

    /** The newest {@link #schemaVersion()} a verdict is written with. */
    public static final int LATEST_SCHEMA_VERSION = 3;

    public VerdictRecorded {
      facts = facts == null || facts.isEmpty() ? null : List.copyOf(facts);
      argumentProvenance =
          argumentProvenance == null || argumentProvenance.isEmpty()
              ? null
              : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(argumentProvenance));
    }

    /** The fact of {@code verdict} on the call at {@code callIndex}. */
    public static VerdictRecorded of(ToolCall call, int callIndex, PolicyVerdict verdict) {
      // Verdicts that consulted only one bundle (older histories) record neither side.
      boolean both = verdict.pinnedBundleHash() != null;
      return new VerdictRecorded(
          call.tool(),
          call.target(),
          callIndex,
          call.argumentsSha256(),
          verdict.outcome(),
          verdict.determiningPolicies(),
          verdict.requiredRoles(),
          verdict.bundleHash(),
          verdict.errors(),
          both ? verdict.pinnedBundleHash() : null,
          both ? verdict.pinnedOutcome() : null,
          both ? verdict.activeBundleHash() : null,
          both ? verdict.activeOutcome() : null,
          // Erroring policies and the fail-closed rule only when present, so verdicts without
          // them keep the payload they always had.
          verdict.erroringPolicies().isEmpty() ? null : verdict.erroringPolicies(),
          verdict.failClosed(),
          verdict.failClosed() == null ? null : verdict.cedarOutcome(),
          // the facts the verdict was decided on, as the authorizer loaded them
          verdict.facts(),
          verdict.argumentProvenance());
    }

    @Override
    public String type() {
      return TYPE;
    }

    /**
     * 3 when the verdict carries its arguments' provenance, the member version 3 added; else 2 when
     * it carries its facts, the member version 2 added; a verdict without either is written, and
     * hashed, exactly as version 1 was.
     */
    @Override
    public int schemaVersion() {
      if (argumentProvenance != null) {
        return 3;
      }
      return facts == null ? 1 : 2;
    }
  }

  /**
   * A shadow policy candidate decided otherwise than the active bundle (the drift report).
   *
   * @param tool the tool
   * @param target its target
   * @param callIndex the call's position in the step's decision
   * @param argumentsSha256 hash of its arguments
   * @param activeBundleHash the active bundle
   * @param activeOutcome its verdict
   * @param shadowBundleHash the candidate
   * @param shadowOutcome its verdict
   * @param shadowDeterminingPolicies its determining policies
   * @param verdict the verdict that counted
   */
  @JsonTypeName(ShadowDisagreement.TYPE)
  record ShadowDisagreement(
      @JsonProperty("tool") String tool,
      @JsonProperty("target") String target,
      @JsonProperty("callIndex") int callIndex,
      @JsonProperty("argumentsSha256") String argumentsSha256,
      @JsonProperty("activeBundleHash") String activeBundleHash,
      @JsonProperty("activeOutcome") Outcome activeOutcome,
      @JsonProperty("shadowBundleHash") String shadowBundleHash,
      @JsonProperty("shadowOutcome") Outcome shadowOutcome,
      @JsonProperty("shadowDeterminingPolicies") List<String> shadowDeterminingPolicies,
      @JsonProperty("verdict") VerdictRecorded verdict)
      implements AuditFact {
    public static final String TYPE = "policy.shadow_disagreement";

    /** The disagreement of {@code verdict}'s shadow, or null when it agreed or none ran. */
    public static ShadowDisagreement of(ToolCall call, int callIndex, PolicyVerdict verdict) {
      PolicyVerdict.ShadowVerdict shadow = verdict.shadow();
      if (shadow == null || shadow.agrees()) {
        return null;
      }
      return new ShadowDisagreement(
          call.tool(),
          call.target(),
          callIndex,
          call.argumentsSha256(),
          verdict.activeBundleHash(),
          verdict.activeOutcome(),
          shadow.bundleHash(),
          shadow.outcome(),
          shadow.determiningPolicies(),
          VerdictRecorded.of(call, callIndex, verdict));
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  // ---- approval -------------------------------------------------------------------------------

  /**
   * The task waits for a human.
   *
   * @param approvalId {@code taskId/step/callIndex}, with {@code /n} when asked again
   * @param tool the tool waiting
   * @param target its target
   * @param argumentsSha256 what the approval binds to
   * @param requiredRoles roles any one of which may approve
   * @param bundleHash the bundle that asked, when known
   */
  @JsonTypeName(ApprovalRequested.TYPE)
  record ApprovalRequested(
      @JsonProperty("approvalId") String approvalId,
      @JsonProperty("tool") String tool,
      @JsonProperty("target") String target,
      @JsonProperty("argumentsSha256") String argumentsSha256,
      @JsonProperty("requiredRoles") List<String> requiredRoles,
      @JsonProperty("bundleHash") String bundleHash)
      implements AuditFact {
    public static final String TYPE = "approval.requested";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A human approved ({@code approve} Update).
   *
   * @param approvalId the approval
   * @param approver who
   * @param role in which role
   * @param argumentsSha256 what was approved
   * @param reason the approver's note, if any
   */
  @JsonTypeName(ApprovalGranted.TYPE)
  record ApprovalGranted(
      @JsonProperty("approvalId") String approvalId,
      @JsonProperty("approver") String approver,
      @JsonProperty("role") String role,
      @JsonProperty("argumentsSha256") String argumentsSha256,
      @JsonProperty("reason") String reason)
      implements AuditFact {
    public static final String TYPE = "approval.granted";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A human refused ({@code reject} Update).
   *
   * @param approvalId the approval
   * @param approver who
   * @param role in which role
   * @param argumentsSha256 what was refused
   * @param reason the approver's note, if any
   */
  @JsonTypeName(ApprovalRejected.TYPE)
  record ApprovalRejected(
      @JsonProperty("approvalId") String approvalId,
      @JsonProperty("approver") String approver,
      @JsonProperty("role") String role,
      @JsonProperty("argumentsSha256") String argumentsSha256,
      @JsonProperty("reason") String reason)
      implements AuditFact {
    public static final String TYPE = "approval.rejected";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * Nobody answered before the approval timeout: the call counts as rejected.
   *
   * @param approvalId the approval
   */
  @JsonTypeName(ApprovalExpired.TYPE)
  record ApprovalExpired(@JsonProperty("approvalId") String approvalId) implements AuditFact {
    public static final String TYPE = "approval.expired";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * The task was cancelled while it waited for a human.
   *
   * @param approvalId the approval
   */
  @JsonTypeName(ApprovalCancelled.TYPE)
  record ApprovalCancelled(@JsonProperty("approvalId") String approvalId) implements AuditFact {
    public static final String TYPE = "approval.cancelled";

    @Override
    public String type() {
      return TYPE;
    }
  }

  // ---- act ------------------------------------------------------------------------------------

  /**
   * A tool ran ({@code Execute} result).
   *
   * @param tool the tool
   * @param target its target
   * @param argumentsSha256 hash of its arguments
   * @param idempotencyKey the key it ran under
   * @param replayed true when the key had run before and this is its first result
   * @param output its output fields (ids and tokens, no raw PII)
   * @param compensable whether a compensation was registered
   */
  @JsonTypeName(ToolExecuted.TYPE)
  record ToolExecuted(
      @JsonProperty("tool") String tool,
      @JsonProperty("target") String target,
      @JsonProperty("argumentsSha256") String argumentsSha256,
      @JsonProperty("idempotencyKey") String idempotencyKey,
      @JsonProperty("replayed") boolean replayed,
      @JsonProperty("output") Map<String, String> output,
      @JsonProperty("compensable") boolean compensable)
      implements AuditFact {
    public static final String TYPE = "tool.executed";

    /** The fact of {@code call} having given {@code result}. */
    public static ToolExecuted of(ToolCall call, ToolResult result) {
      return new ToolExecuted(
          call.tool(),
          call.target(),
          call.argumentsSha256(),
          result.idempotencyKey(),
          result.replayed(),
          result.output(),
          result.compensation() != null);
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A tool failed permanently ({@code Execute} failure).
   *
   * @param tool the tool
   * @param target its target
   * @param idempotencyKey the key it ran under
   * @param error the failure's type and message
   */
  @JsonTypeName(ToolFailed.TYPE)
  record ToolFailed(
      @JsonProperty("tool") String tool,
      @JsonProperty("target") String target,
      @JsonProperty("idempotencyKey") String idempotencyKey,
      @JsonProperty("error") String error)
      implements AuditFact {
    public static final String TYPE = "tool.failed";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * The model proposed a tool the profile does not have; nothing ran.
   *
   * @param tool the tool proposed
   * @param reason why it was refused
   */
  @JsonTypeName(ToolRefused.TYPE)
  record ToolRefused(@JsonProperty("tool") String tool, @JsonProperty("reason") String reason)
      implements AuditFact {
    public static final String TYPE = "tool.refused";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A registered compensation ran ({@code Compensate} result or failure).
   *
   * @param tool the compensating tool
   * @param target its target
   * @param idempotencyKey its key
   * @param forKey the key of the call it undoes
   * @param outcome {@code done} or {@code failed}
   * @param error the failure, when failed
   */
  @JsonTypeName(CompensationExecuted.TYPE)
  record CompensationExecuted(
      @JsonProperty("tool") String tool,
      @JsonProperty("target") String target,
      @JsonProperty("idempotencyKey") String idempotencyKey,
      @JsonProperty("forKey") String forKey,
      @JsonProperty("outcome") String outcome,
      @JsonProperty("error") String error)
      implements AuditFact {
    public static final String TYPE = "compensation.executed";

    /** {@code compensation} ran; {@code error} is null when it succeeded. */
    public static CompensationExecuted of(Compensation compensation, String error) {
      return new CompensationExecuted(
          compensation.call().tool(),
          compensation.call().target(),
          compensation.idempotencyKey(),
          compensation.forKey(),
          error == null ? "done" : "failed",
          error);
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * Cedar refused a registered compensation: it did not run, and the task ends needing attention
   * (state {@code NEEDS_ATTENTION}) with this compensation listed in its reason.
   *
   * @param tool the compensating tool
   * @param target its target
   * @param idempotencyKey its key
   * @param forKey the key of the call it would have undone
   * @param outcome the verdict: DENY or REQUIRE_APPROVAL (no human is asked to approve an undo)
   * @param determiningPolicies the policies that decided
   * @param bundleHash the bundle whose verdict counted
   * @param errors evaluation errors, when any
   */
  @JsonTypeName(CompensationRefused.TYPE)
  record CompensationRefused(
      @JsonProperty("tool") String tool,
      @JsonProperty("target") String target,
      @JsonProperty("idempotencyKey") String idempotencyKey,
      @JsonProperty("forKey") String forKey,
      @JsonProperty("outcome") Outcome outcome,
      @JsonProperty("determiningPolicies") List<String> determiningPolicies,
      @JsonProperty("bundleHash") String bundleHash,
      @JsonProperty("errors") List<String> errors)
      implements AuditFact {
    public static final String TYPE = "compensation.refused";

    /** The refusal of {@code compensation} by {@code verdict}. */
    public static CompensationRefused of(Compensation compensation, PolicyVerdict verdict) {
      return new CompensationRefused(
          compensation.call().tool(),
          compensation.call().target(),
          compensation.idempotencyKey(),
          compensation.forKey(),
          verdict.outcome(),
          verdict.determiningPolicies(),
          verdict.bundleHash(),
          verdict.errors().isEmpty() ? null : verdict.errors());
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  // ---- operations (chains under reserved ids: _policy, _routes, _shadow) ----------------------

  /**
   * A policy bundle became active (chain {@code _policy}).
   *
   * @param bundleId the bundle's content hash
   * @param name its name
   * @param location where it was loaded from
   * @param policies how many policies it holds
   * @param by who switched
   * @param previousBundleId the bundle active before
   * @param signature the outcome of the bundle's signature check ({@code VERIFIED}, or a failure
   *     the worker's {@code charter.policy.signatures: checked} let through); absent when the
   *     worker does not check signatures
   * @param author the author the signature names, when signed
   * @param authorKeyId the signing key's RFC 7638 thumbprint, when signed
   */
  @JsonTypeName(PolicyActivated.TYPE)
  record PolicyActivated(
      @JsonProperty("bundleId") String bundleId,
      @JsonProperty("name") String name,
      @JsonProperty("location") String location,
      @JsonProperty("policies") int policies,
      @JsonProperty("by") String by,
      @JsonProperty("previousBundleId") String previousBundleId,
      @JsonProperty("signature") String signature,
      @JsonProperty("author") String author,
      @JsonProperty("authorKeyId") String authorKeyId)
      implements AuditFact {
    public static final String TYPE = "policy.activated";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A policy bundle started deciding in shadow beside the active one (chain {@code _policy}).
   *
   * @param bundleId the candidate's content hash
   * @param name its name
   * @param location where it was loaded from
   * @param policies how many policies it holds
   * @param by who switched
   * @param previousBundleId the candidate it replaced
   * @param signature the outcome of the bundle's signature check ({@code VERIFIED}, or a failure
   *     the worker's {@code charter.policy.signatures: checked} let through); absent when the
   *     worker does not check signatures
   * @param author the author the signature names, when signed
   * @param authorKeyId the signing key's RFC 7638 thumbprint, when signed
   */
  @JsonTypeName(PolicyShadowStarted.TYPE)
  record PolicyShadowStarted(
      @JsonProperty("bundleId") String bundleId,
      @JsonProperty("name") String name,
      @JsonProperty("location") String location,
      @JsonProperty("policies") int policies,
      @JsonProperty("by") String by,
      @JsonProperty("previousBundleId") String previousBundleId,
      @JsonProperty("signature") String signature,
      @JsonProperty("author") String author,
      @JsonProperty("authorKeyId") String authorKeyId)
      implements AuditFact {
    public static final String TYPE = "policy.shadow_started";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * The shadow candidate stopped (chain {@code _policy}).
   *
   * @param bundleId the candidate
   * @param by who stopped it
   */
  @JsonTypeName(PolicyShadowStopped.TYPE)
  record PolicyShadowStopped(
      @JsonProperty("bundleId") String bundleId, @JsonProperty("by") String by)
      implements AuditFact {
    public static final String TYPE = "policy.shadow_stopped";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A policy bundle was refused because its signature did not check out, at start or on a switch
   * (chain {@code _policy}); nothing changed.
   *
   * @param location where it was loaded from
   * @param signature the outcome: {@code UNSIGNED}, {@code INVALID}, {@code UNTRUSTED} or {@code
   *     TAMPERED}
   * @param bundleId the content hash of the bundle as loaded
   * @param signedBundleId the content hash the signature covers, when signed
   * @param author the author the signature names, when signed
   * @param authorKeyId the signing key's thumbprint, when signed
   * @param reason one sentence naming the artifact, author and both hashes
   * @param by who asked for the bundle, or {@code charter.policy.bundle} at start
   */
  @JsonTypeName(PolicyRefused.TYPE)
  record PolicyRefused(
      @JsonProperty("location") String location,
      @JsonProperty("signature") String signature,
      @JsonProperty("bundleId") String bundleId,
      @JsonProperty("signedBundleId") String signedBundleId,
      @JsonProperty("author") String author,
      @JsonProperty("authorKeyId") String authorKeyId,
      @JsonProperty("reason") String reason,
      @JsonProperty("by") String by)
      implements AuditFact {
    public static final String TYPE = "policy.refused";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A backend's kill switch was flipped (chain {@code _routes}).
   *
   * @param backend the backend
   * @param from enabled before
   * @param to enabled now
   * @param reason why
   */
  @JsonTypeName(BackendSwitched.TYPE)
  record BackendSwitched(
      @JsonProperty("backend") String backend,
      @JsonProperty("from") boolean from,
      @JsonProperty("to") boolean to,
      @JsonProperty("reason") String reason)
      implements AuditFact {
    public static final String TYPE = "backend.kill_switch";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A route's canary split was set (chain {@code _routes}).
   *
   * @param route the route
   * @param fromPercent the split before
   * @param toPercent the split now
   * @param reason why
   */
  @JsonTypeName(CanarySet.TYPE)
  record CanarySet(
      @JsonProperty("route") String route,
      @JsonProperty("fromPercent") int fromPercent,
      @JsonProperty("toPercent") int toPercent,
      @JsonProperty("reason") String reason)
      implements AuditFact {
    public static final String TYPE = "route.canary.set";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A route's canary was rolled back to the stable arm (chain {@code _routes}).
   *
   * @param route the route
   * @param fromPercent the split before
   * @param toPercent the split now (0)
   * @param reason why, e.g. the threshold crossed
   */
  @JsonTypeName(CanaryRolledBack.TYPE)
  record CanaryRolledBack(
      @JsonProperty("route") String route,
      @JsonProperty("fromPercent") int fromPercent,
      @JsonProperty("toPercent") int toPercent,
      @JsonProperty("reason") String reason)
      implements AuditFact {
    public static final String TYPE = "route.canary.rolled_back";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A shadow backend decided beside the primary one, for comparison only (chain {@code _shadow}).
   *
   * @param taskId the task
   * @param step the step
   * @param primary the primary arm
   * @param shadow the shadow arm (backend and error only when it failed)
   * @param agree whether both proposed the same
   */
  @JsonTypeName(ModelShadowed.TYPE)
  record ModelShadowed(
      @JsonProperty("taskId") String taskId,
      @JsonProperty("step") int step,
      @JsonProperty("primary") Arm primary,
      @JsonProperty("shadow") Arm shadow,
      @JsonProperty("agree") boolean agree)
      implements AuditFact {
    public static final String TYPE = "model.shadow";

    @Override
    public String type() {
      return TYPE;
    }

    /**
     * One arm of the comparison.
     *
     * @param backend the backend
     * @param hosting its hosting
     * @param proposal the tools it would call in order, or {@code [final]}
     * @param latencyMicros its latency
     * @param inputTokens input tokens
     * @param outputTokens output tokens
     * @param costUsd its cost
     * @param error why it gave no decision; the other fields are then absent
     */
    public record Arm(
        @JsonProperty("backend") String backend,
        @JsonProperty("hosting") String hosting,
        @JsonProperty("proposal") List<String> proposal,
        @JsonProperty("latencyMicros") Long latencyMicros,
        @JsonProperty("inputTokens") Integer inputTokens,
        @JsonProperty("outputTokens") Integer outputTokens,
        @JsonProperty("costUsd") Double costUsd,
        @JsonProperty("error") String error) {}
  }

  // ---- callers of the REST API -----------------------------------------------------------------

  /**
   * A call to the REST API was refused (chain {@code _access}): 401 when the caller was not
   * authenticated (no, malformed, unknown, expired, revoked or wrong-audience credentials, or a
   * principal the directory does not know), 403 when Cedar refused the route's action. The
   * credentials themselves are never recorded.
   *
   * @param method the HTTP method
   * @param route the route as requested (path, no query)
   * @param principal the authenticated principal, absent when nobody was authenticated
   * @param action the Cedar action of the route, absent when refused before it was known
   * @param status 401 or 403
   * @param reason why, in words an operator can act on
   */
  @JsonTypeName(AccessRefused.TYPE)
  record AccessRefused(
      @JsonProperty("method") String method,
      @JsonProperty("route") String route,
      @JsonProperty("principal") String principal,
      @JsonProperty("action") String action,
      @JsonProperty("status") int status,
      @JsonProperty("reason") String reason)
      implements AuditFact {
    public static final String TYPE = "access.refused";

    @Override
    public String type() {
      return TYPE;
    }
  }
}
