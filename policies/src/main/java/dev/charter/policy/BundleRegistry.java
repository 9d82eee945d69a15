package dev.charter.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bundles a worker knows: the active one (new tasks pin it, and every authorization consults
 * it), an optional shadow candidate that decides beside it without counting, and every bundle ever
 * loaded, by id, because running tasks stay pinned to theirs.
 *
 * <p>Switches are atomic: a reader sees the old or the new active engine, never a mix. Loading and
 * validating happen before a switch, so a refused bundle never replaces the running one.
 */
public final class BundleRegistry {

  private final Map<String, PolicyEngine> engines = new LinkedHashMap<>();
  private volatile PolicyEngine active;
  private volatile PolicyEngine shadow;

  /** A registry whose active bundle is {@code initial}. */
  public BundleRegistry(PolicyBundle initial) {
    this.active = engineFor(initial);
  }

  /** The engine of the active bundle. */
  public PolicyEngine active() {
    return active;
  }

  /** The engine of the shadow candidate, when one runs. */
  public Optional<PolicyEngine> shadow() {
    return Optional.ofNullable(shadow);
  }

  /** The engine of a bundle loaded earlier, by id. */
  public synchronized Optional<PolicyEngine> find(String bundleId) {
    return Optional.ofNullable(engines.get(bundleId));
  }

  /** Every bundle loaded, in load order. */
  public synchronized List<PolicyBundle> bundles() {
    List<PolicyBundle> out = new ArrayList<>();
    engines.values().forEach(e -> out.add(e.bundle()));
    return out;
  }

  /**
   * Makes {@code bundle} the active one; the candidate stops shadowing if it is the one promoted.
   *
   * @return the bundle that was active before
   */
  public synchronized PolicyBundle activate(PolicyBundle bundle) {
    PolicyBundle previous = active.bundle();
    active = engineFor(bundle);
    if (shadow != null && shadow.bundle().id().equals(bundle.id())) {
      shadow = null;
    }
    return previous;
  }

  /**
   * Runs {@code candidate} in shadow beside the active bundle, replacing any earlier candidate.
   *
   * @return the candidate shadowing before, if any
   */
  public synchronized Optional<PolicyBundle> shadow(PolicyBundle candidate) {
    Optional<PolicyBundle> previous = shadow().map(PolicyEngine::bundle);
    shadow = engineFor(candidate);
    return previous;
  }

  /**
   * Stops the shadow candidate.
   *
   * @return the candidate that was shadowing, if any
   */
  public synchronized Optional<PolicyBundle> stopShadow() {
    Optional<PolicyBundle> previous = shadow().map(PolicyEngine::bundle);
    shadow = null;
    return previous;
  }

  /** One engine per bundle id: equal content is the same bundle, prepared once. */
  private synchronized PolicyEngine engineFor(PolicyBundle bundle) {
    return engines.computeIfAbsent(bundle.id(), id -> new PolicyEngine(bundle));
  }
}
