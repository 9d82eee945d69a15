package dev.charter.activities.audit;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.AuditReceipt;
import dev.charter.workflow.activity.AuditActivities;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.common.converter.DataConverter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-checks a task's ledger against its Temporal history, in both directions:
 *
 * <ol>
 *   <li><b>ledger → history</b>: every event names the {@code Record} activity that appended it
 *       ({@code activityId}, resolved to its {@code ActivityTaskScheduled} event); that activity's
 *       input in history must carry the same event (seq, type, step, payload).
 *   <li><b>history → ledger</b>: every event a completed {@code Record} activity was given must be
 *       in the ledger as given, and the head it answered (seq, hash) must be the ledger's.
 *   <li><b>activity results ↔ events</b>: each governed activity result in history (pin, perceive,
 *       route, decide, authorize, execute, compensate) has its ledger event, and each such event
 *       has its result, matched in order per type. On a running task, results after the last
 *       completed {@code Record} are not recorded yet and are left out.
 * </ol>
 */
public final class HistoryCrossCheck {

  /** Activity (and local activity) types whose results become ledger events, and the event type. */
  private static final Map<String, String> RESULT_EVENTS =
      Map.of(
          "Pin", AuditFact.TaskPinned.TYPE,
          "Perceive", AuditFact.ObservationPerceived.TYPE,
          "AuthorizeModel", AuditFact.ModelRouted.TYPE,
          "Decide", AuditFact.ModelDecided.TYPE,
          "AuthorizeTool", AuditFact.VerdictRecorded.TYPE,
          "AuthorizeCompensation", AuditFact.VerdictRecorded.TYPE,
          "Execute", AuditFact.ToolExecuted.TYPE,
          "Compensate", AuditFact.CompensationExecuted.TYPE);

  private static final String RECORD = "Record";
  private static final Type EVENT_LIST;

  static {
    try {
      EVENT_LIST =
          AuditActivities.class.getMethod("record", List.class).getGenericParameterTypes()[0];
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final DataConverter dataConverter;

  /** A cross-check decoding history payloads with {@code dataConverter} (the worker's). */
  public HistoryCrossCheck(DataConverter dataConverter) {
    this.dataConverter = dataConverter;
  }

  /**
   * Checks {@code entries} (one task's ledger, seq order) against {@code histories} (the task's
   * runs by run id). Returns every disagreement found, the first broken link first; empty when
   * ledger and history agree.
   */
  public List<String> check(List<LedgerEntry> entries, Map<String, History> histories) {
    List<String> problems = new ArrayList<>();
    Map<String, RunView> runs = new LinkedHashMap<>();
    histories.forEach((runId, history) -> runs.put(runId, view(history)));

    // 1. ledger -> history
    for (LedgerEntry entry : entries) {
      if (entry.workflowRunId() == null) {
        problems.add("ledger seq " + entry.seq() + " (" + entry.type() + ") names no run");
        continue;
      }
      RunView run = runs.get(entry.workflowRunId());
      if (run == null) {
        problems.add(
            "ledger seq "
                + entry.seq()
                + " ("
                + entry.type()
                + "): run "
                + entry.workflowRunId()
                + " is not in Temporal's history of the task");
        continue;
      }
      String problem = run.carries(entry);
      if (problem != null) {
        problems.add("ledger seq " + entry.seq() + " (" + entry.type() + ") " + problem);
      }
    }

    Map<Long, LedgerEntry> bySeq = new HashMap<>();
    entries.forEach(e -> bySeq.put(e.seq(), e));
    for (Map.Entry<String, RunView> runEntry : runs.entrySet()) {
      RunView run = runEntry.getValue();
      // 2. history -> ledger
      for (RecordCall call : run.records.values()) {
        if (call.receipt == null) {
          continue;
        }
        for (AuditEvent given : call.events) {
          LedgerEntry recorded = bySeq.get(given.seq());
          if (recorded == null) {
            problems.add(
                "history event "
                    + call.scheduledEventId
                    + " (Record) handed seq "
                    + given.seq()
                    + " ("
                    + given.type()
                    + ") to the ledger, which has no seq "
                    + given.seq());
          } else if (!sameEvent(given, recorded)) {
            problems.add(
                "ledger seq "
                    + given.seq()
                    + " differs from the "
                    + given.type()
                    + " event history event "
                    + call.scheduledEventId
                    + " (Record) handed to the ledger");
          }
        }
        LedgerEntry head = bySeq.get(call.receipt.lastSeq());
        if (head != null && !head.hash().equals(call.receipt.headHash())) {
          problems.add(
              "history event "
                  + call.completedEventId
                  + " (Record completed) answered seq "
                  + call.receipt.lastSeq()
                  + " with hash "
                  + call.receipt.headHash()
                  + ", the ledger's seq "
                  + call.receipt.lastSeq()
                  + " has hash "
                  + head.hash());
        }
      }
      // 3. activity results <-> events, in order per type
      Map<String, List<LedgerEntry>> eventsByType = new HashMap<>();
      for (LedgerEntry entry : entries) {
        boolean fromResult =
            RESULT_EVENTS.containsValue(entry.type())
                || AuditFact.ToolFailed.TYPE.equals(entry.type());
        if (fromResult && runEntry.getKey().equals(entry.workflowRunId())) {
          eventsByType.computeIfAbsent(entry.type(), t -> new ArrayList<>()).add(entry);
        }
      }
      Map<String, List<Result>> resultsByType = new HashMap<>();
      for (Result result : run.results) {
        if (run.closed || result.eventId < run.lastRecordCompleted) {
          resultsByType.computeIfAbsent(result.ledgerType, t -> new ArrayList<>()).add(result);
        }
      }
      List<String> types = new ArrayList<>(RESULT_EVENTS.values());
      types.add(AuditFact.ToolFailed.TYPE);
      types.sort(null);
      for (String type : types) {
        List<Result> results = resultsByType.getOrDefault(type, List.of());
        List<LedgerEntry> events = eventsByType.getOrDefault(type, List.of());
        for (int i = 0; i < Math.max(results.size(), events.size()); i++) {
          if (i >= events.size()) {
            Result r = results.get(i);
            problems.add(
                "history event "
                    + r.eventId
                    + " ("
                    + r.activityType
                    + " result) has no "
                    + type
                    + " event in the ledger");
            break;
          }
          if (i >= results.size()) {
            LedgerEntry e = events.get(i);
            problems.add(
                "ledger seq " + e.seq() + " (" + type + ") has no activity result in history");
            break;
          }
        }
      }
    }
    return problems;
  }

  /**
   * The {@code ActivityTaskScheduled} event id of each activity id in {@code history}: what a
   * ledger row's {@code activityId} points at.
   */
  public static Map<String, Long> scheduledEventIds(History history) {
    Map<String, Long> ids = new HashMap<>();
    for (HistoryEvent event : history.getEventsList()) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        ids.put(
            event.getActivityTaskScheduledEventAttributes().getActivityId(), event.getEventId());
      }
    }
    return ids;
  }

  /** The same fact, compared as records: type, step, run and every field of the payload. */
  private static boolean sameEvent(AuditEvent given, LedgerEntry recorded) {
    AuditEvent stored;
    try {
      stored = recorded.event();
    } catch (IllegalArgumentException unreadable) {
      return false;
    }
    return given.equals(stored);
  }

  private RunView view(History history) {
    RunView run = new RunView();
    Map<Long, String> activityTypes = new HashMap<>();
    for (HistoryEvent event : history.getEventsList()) {
      long id = event.getEventId();
      EventType type = event.getEventType();
      switch (type) {
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          ActivityTaskScheduledEventAttributes attributes =
              event.getActivityTaskScheduledEventAttributes();
          String activityType = attributes.getActivityType().getName();
          activityTypes.put(id, activityType);
          if (RECORD.equals(activityType)) {
            RecordCall call = new RecordCall(id, decodeEvents(attributes.getInput()));
            run.records.put(id, call);
            run.recordsByActivityId.put(attributes.getActivityId(), call);
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          long scheduled = event.getActivityTaskCompletedEventAttributes().getScheduledEventId();
          String activityType = activityTypes.get(scheduled);
          if (RECORD.equals(activityType)) {
            RecordCall call = run.records.get(scheduled);
            call.completedEventId = id;
            call.receipt =
                dataConverter.fromPayloads(
                    0,
                    Optional.of(event.getActivityTaskCompletedEventAttributes().getResult()),
                    AuditReceipt.class,
                    AuditReceipt.class);
            run.lastRecordCompleted = id;
          } else if (RESULT_EVENTS.containsKey(activityType)) {
            run.results.add(new Result(id, activityType, RESULT_EVENTS.get(activityType)));
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_FAILED, EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
          long scheduled =
              type == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED
                  ? event.getActivityTaskFailedEventAttributes().getScheduledEventId()
                  : event.getActivityTaskTimedOutEventAttributes().getScheduledEventId();
          String activityType = activityTypes.get(scheduled);
          if ("Execute".equals(activityType)) {
            run.results.add(new Result(id, activityType, AuditFact.ToolFailed.TYPE));
          } else if ("Compensate".equals(activityType)) {
            run.results.add(new Result(id, activityType, AuditFact.CompensationExecuted.TYPE));
          }
        }
        case EVENT_TYPE_MARKER_RECORDED -> {
          MarkerRecordedEventAttributes marker = event.getMarkerRecordedEventAttributes();
          if ("LocalActivity".equals(marker.getMarkerName())
              && !marker.hasFailure()
              && marker.containsDetails("type")) {
            String activityType =
                dataConverter.fromPayloads(
                    0, Optional.of(marker.getDetailsOrThrow("type")), String.class, String.class);
            if (RESULT_EVENTS.containsKey(activityType)) {
              run.results.add(new Result(id, activityType, RESULT_EVENTS.get(activityType)));
            }
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
            EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
            EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
            EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
            EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
            EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ->
            run.closed = true;
        default -> {
          // other events carry no governed result
        }
      }
    }
    return run;
  }

  private List<AuditEvent> decodeEvents(Payloads input) {
    List<AuditEvent> events =
        dataConverter.fromPayloads(0, Optional.of(input), List.class, EVENT_LIST);
    return events == null ? List.of() : events;
  }

  private static final class RunView {
    final Map<Long, RecordCall> records = new LinkedHashMap<>();
    final Map<String, RecordCall> recordsByActivityId = new HashMap<>();
    final List<Result> results = new ArrayList<>();
    long lastRecordCompleted;
    boolean closed;

    /** Null when a Record activity of this run carried {@code entry}, else what is wrong. */
    String carries(LedgerEntry entry) {
      if (entry.activityId() != null) {
        RecordCall call = recordsByActivityId.get(entry.activityId());
        if (call == null) {
          return "names activity "
              + entry.activityId()
              + ", which is not a Record activity of run "
              + entry.workflowRunId();
        }
        Optional<AuditEvent> given = call.find(entry.seq());
        if (given.isEmpty()) {
          return "is not in the input of history event " + call.scheduledEventId + " (Record)";
        }
        return compare(given.get(), entry, call);
      }
      for (RecordCall call : records.values()) {
        Optional<AuditEvent> given = call.find(entry.seq());
        if (given.isPresent()) {
          return compare(given.get(), entry, call);
        }
      }
      return "is in no Record activity of run " + entry.workflowRunId();
    }

    private static String compare(AuditEvent given, LedgerEntry entry, RecordCall call) {
      return sameEvent(given, entry)
          ? null
          : "differs from the event history event " + call.scheduledEventId + " (Record) carries";
    }
  }

  private static final class RecordCall {
    final long scheduledEventId;
    final List<AuditEvent> events;
    long completedEventId;
    AuditReceipt receipt;

    RecordCall(long scheduledEventId, List<AuditEvent> events) {
      this.scheduledEventId = scheduledEventId;
      this.events = events;
    }

    Optional<AuditEvent> find(long seq) {
      return events.stream().filter(e -> e.seq() == seq).findFirst();
    }
  }

  private record Result(long eventId, String activityType, String ledgerType) {}
}
