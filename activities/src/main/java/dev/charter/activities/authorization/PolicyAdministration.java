package dev.charter.activities.authorization;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.audit.AuditFacts;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.policy.BundleException;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.PolicyBundle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches the policy bundles of a running worker: loads and validates a bundle, makes it active or
 * runs it in shadow, and audits every switch in the ledger under the reserved task id {@value
 * #LEDGER_ID}. Only a human whom the active bundle allows {@code manage_policy} may switch; a
 * refused bundle changes nothing and the running one keeps deciding.
 */
public final class PolicyAdministration {

  /** The ledger chain of bundle switches. */
  public static final String LEDGER_ID = "_policy";

  private static final Logger log = LoggerFactory.getLogger(PolicyAdministration.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

  private final BundleRegistry registry;
  private final HumanAuthorizer humans;
  private final AuditLedger ledger;
  private final String tenant;

  /**
   * @param registry the bundles
   * @param humans who may manage policies
   * @param ledger where switches are recorded
   * @param tenant the tenant whose policies this worker runs (the {@code manage_policy} resource's
   *     tenant)
   */
  public PolicyAdministration(
      BundleRegistry registry, HumanAuthorizer humans, AuditLedger ledger, String tenant) {
    this.registry = registry;
    this.humans = humans;
    this.ledger = ledger;
    this.tenant = tenant;
  }

  /** How a loaded bundle is used. */
  public enum Mode {
    /** It decides from now on; new tasks pin it. */
    ACTIVE,
    /** It decides beside the active bundle, for the drift report only. */
    SHADOW
  }

  /**
   * Loads the bundle at {@code location} (a directory, or {@code classpath:<folder>}) and switches
   * to it.
   *
   * @param user the human asking, checked by Cedar {@code manage_policy}
   * @throws NotAuthorizedException when the human may not manage policies
   * @throws BundleException when the bundle is invalid (nothing changes)
   */
  public synchronized Switch load(String user, String location, Mode mode) throws BundleException {
    authorize(user);
    PolicyBundle bundle = PolicyBundle.loadLocation(location);
    String previous;
    if (mode == Mode.ACTIVE) {
      previous = registry.activate(bundle).id();
    } else {
      previous = registry.shadow(bundle).map(PolicyBundle::id).orElse(null);
    }
    AuditFact fact =
        mode == Mode.ACTIVE
            ? new AuditFact.PolicyActivated(
                bundle.id(), bundle.name(), location, bundle.policies().size(), user, previous)
            : new AuditFact.PolicyShadowStarted(
                bundle.id(), bundle.name(), location, bundle.policies().size(), user, previous);
    record(fact);
    log.info(
        "policy bundle switched type={} bundleId={} previous={} by={}",
        fact.type(),
        bundle.id(),
        previous,
        user);
    return new Switch(mode, bundle.id(), bundle.name(), previous);
  }

  /** Stops the shadow candidate, audited. */
  public synchronized Optional<String> stopShadow(String user) {
    authorize(user);
    Optional<PolicyBundle> stopped = registry.stopShadow();
    stopped.ifPresent(b -> record(new AuditFact.PolicyShadowStopped(b.id(), user)));
    return stopped.map(PolicyBundle::id);
  }

  /**
   * The policy drift report: every decision where the shadow candidate disagreed with the active
   * bundle, from the ledger, in task and sequence order. Readable by whoever the active bundle
   * allows {@code view_audit} on {@value #LEDGER_ID}.
   *
   * @param user the human asking
   * @param shadowBundleId only this candidate's disagreements, or all when null
   */
  public List<Map<String, Object>> drift(String user, String shadowBundleId) {
    HumanAuthorizer.Answer answer = humans.decide(user, "view_audit", LEDGER_ID, tenant);
    if (!answer.allowed()) {
      throw new NotAuthorizedException(answer.identified(), answer.reason());
    }
    List<Map<String, Object>> report = new ArrayList<>();
    for (String taskId : ledger.taskIds()) {
      for (LedgerEntry entry : ledger.events(taskId)) {
        if (!AuditFact.ShadowDisagreement.TYPE.equals(entry.type())) {
          continue;
        }
        AuditFact.ShadowDisagreement disagreement = (AuditFact.ShadowDisagreement) entry.fact();
        if (shadowBundleId != null && !shadowBundleId.equals(disagreement.shadowBundleHash())) {
          continue;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("taskId", taskId);
        line.put("seq", entry.seq());
        line.put("step", entry.step());
        line.putAll(JSON.convertValue(AuditFacts.payload(disagreement), FIELDS));
        report.add(line);
      }
    }
    return report;
  }

  /** The bundles: active, shadow, and every one loaded. */
  public BundleRegistry registry() {
    return registry;
  }

  /** Checks {@code manage_policy} for the caller. */
  public void authorize(String user) {
    HumanAuthorizer.Answer answer = humans.decide(user, "manage_policy", LEDGER_ID, tenant);
    if (!answer.allowed()) {
      throw new NotAuthorizedException(answer.identified(), answer.reason());
    }
  }

  private void record(AuditFact fact) {
    List<LedgerEntry> chain = ledger.events(LEDGER_ID);
    long seq = chain.isEmpty() ? 1 : chain.get(chain.size() - 1).seq() + 1;
    ledger.append(List.of(new AuditEvent(LEDGER_ID, seq, 0, "", fact)));
  }

  /**
   * A switch that happened.
   *
   * @param mode active or shadow
   * @param bundleId the new bundle
   * @param name its name
   * @param previousBundleId the bundle it replaced in that role, or null
   */
  public record Switch(Mode mode, String bundleId, String name, String previousBundleId) {}

  /** The caller may not do this; {@code identified} false means nobody known was calling. */
  public static final class NotAuthorizedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean identified;

    public NotAuthorizedException(boolean identified, String message) {
      super(message);
      this.identified = identified;
    }

    public boolean identified() {
      return identified;
    }
  }
}
