package dev.charter.starter.api;

import dev.charter.activities.audit.AuditTrail;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.audit.TrailVerification;
import dev.charter.client.TaskNotFoundException;
import dev.charter.starter.audit.AuditReport;
import dev.charter.starter.security.CedarAction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API over the audit ledger: the trail, its verification (chain, signed checkpoints, Temporal
 * history), a JSON Lines export, signed decision receipts and the public key to check them with.
 */
@RestController
@RequestMapping("/api/audit")
public class AuditController {

  /** Media type of a JWS in compact serialization (RFC 7515 section 9.2.1). */
  static final String JOSE = "application/jose";

  private final AuditTrail trail;
  private final LedgerSigningKey key;

  public AuditController(AuditTrail trail, LedgerSigningKey key) {
    this.trail = trail;
    this.key = key;
  }

  /** The task's events in seq order, and the history event id each stems from (by seq). */
  @GetMapping("/{taskId}")
  @CedarAction("view_audit")
  public Map<String, Object> show(@PathVariable String taskId) {
    Map<String, Object> body = new LinkedHashMap<>();
    List<LedgerEntry> events = recorded(taskId);
    body.put("taskId", taskId);
    body.put("events", events);
    body.put("historyEventIds", trail.historyEventIds(taskId, events));
    return body;
  }

  /**
   * Recomputes the chain, checks the signed checkpoints and cross-checks Temporal's history; 200
   * with {@code valid: true}, or 409 with the same body naming the first broken link.
   */
  @GetMapping("/{taskId}/verify")
  @CedarAction("view_audit")
  public ResponseEntity<TrailVerification> verify(
      @PathVariable String taskId, @RequestParam(defaultValue = "true") boolean history) {
    TrailVerification verification = trail.verify(taskId, history);
    return ResponseEntity.status(verification.valid() ? HttpStatus.OK : HttpStatus.CONFLICT)
        .body(verification);
  }

  /** The task's events as JSON Lines. */
  @GetMapping(value = "/{taskId}/export", produces = "application/x-ndjson")
  @CedarAction("export_audit")
  public String export(@PathVariable String taskId) {
    List<LedgerEntry> events = recorded(taskId);
    Map<Long, Long> historyEventIds = trail.historyEventIds(taskId, events);
    return events.stream()
        .map(e -> AuditReport.jsonLine(e, historyEventIds.get(e.seq())))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  /**
   * The decision receipt (JWS compact) signed and stored when the verdict at {@code seq} was
   * appended.
   */
  @GetMapping(value = "/{taskId}/receipts/{seq}", produces = JOSE)
  @CedarAction("view_receipt")
  public String receipt(@PathVariable String taskId, @PathVariable long seq) {
    return trail.receipt(taskId, seq);
  }

  /** The Ed25519 public key (X.509 PEM) checkpoints and receipts verify with. */
  @GetMapping(value = "/public-key", produces = "application/x-pem-file")
  @CedarAction(value = "view_receipt", resource = CedarAction.AUDIT_KEY)
  public String publicKey() {
    return key.publicKeyPem();
  }

  /** The task's events; 404 (a problem naming {@code taskId}) when the ledger has none. */
  private List<LedgerEntry> recorded(String taskId) {
    List<LedgerEntry> events = trail.events(taskId);
    if (events.isEmpty()) {
      throw new TaskNotFoundException(taskId);
    }
    return events;
  }
}
