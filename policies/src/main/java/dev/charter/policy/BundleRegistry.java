package dev.charter.policy;

import java.util.ArrayList;
import java.util.Iterator;
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
 *
 * <p>The native cache is bounded: engines hold natively cached policy sets, and cedar-java refuses
 * new ones past its cap. So the registry keeps at most {@code maxCachedEntries} entries live for
 * its engines; past that it frees the least recently used engines that are neither active nor
 * shadowing ({@link PolicyEngine#close()}). A retired engine keeps its bundle and prepares itself
 * again if a task pinned to it asks later. {@link #cachedEntries()} is the figure to watch.
 */
public final class BundleRegistry {

  /** Native entries the registry keeps live by default: half of cedar-java's default cap. */
  public static final int DEFAULT_MAX_CACHED_ENTRIES = 512;

  /** Engines by bundle id, least recently used first. */
  private final Map<String, PolicyEngine> engines = new LinkedHashMap<>(16, 0.75f, true);

  private final Map<String, PolicyBundle> loadOrder = new LinkedHashMap<>();
  private final OnPolicyError onPolicyError;
  private final int maxCachedEntries;
  private volatile PolicyEngine active;
  private volatile PolicyEngine shadow;

  /** A registry whose active bundle is {@code initial}; policy errors deny. */
  public BundleRegistry(PolicyBundle initial) {
    this(initial, OnPolicyError.DENY, DEFAULT_MAX_CACHED_ENTRIES);
  }

  /**
   * A registry whose active bundle is {@code initial}.
   *
   * @param onPolicyError what every engine does when a policy fails to evaluate
   * @param maxCachedEntries native cache entries kept live for retired engines' sake; the active
   *     and shadow engines are never freed, whatever they hold
   */
  public BundleRegistry(PolicyBundle initial, OnPolicyError onPolicyError, int maxCachedEntries) {
    if (maxCachedEntries < 1) {
      throw new IllegalArgumentException(
          "maxCachedEntries must be at least 1, got " + maxCachedEntries);
    }
    this.onPolicyError = onPolicyError;
    this.maxCachedEntries = maxCachedEntries;
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

  /** The engine of a bundle loaded earlier, by id, prepared to decide. */
  public synchronized Optional<PolicyEngine> find(String bundleId) {
    PolicyEngine engine = engines.get(bundleId);
    if (engine == null) {
      return Optional.empty();
    }
    if (engine.cachedEntries() == 0) {
      engine.prepare();
      trim();
    }
    return Optional.of(engine);
  }

  /** Every bundle loaded, in load order. */
  public synchronized List<PolicyBundle> bundles() {
    return new ArrayList<>(loadOrder.values());
  }

  /** What the engines do when a policy fails to evaluate. */
  public OnPolicyError onPolicyError() {
    return onPolicyError;
  }

  /** Native cache entries (policy sets and schemas) this registry's engines hold now. */
  public synchronized int cachedEntries() {
    int total = 0;
    for (PolicyEngine engine : engines.values()) {
      total += engine.cachedEntries();
    }
    return total;
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
    trim();
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
    trim();
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
    trim();
    return previous;
  }

  /** One engine per bundle id: equal content is the same bundle, prepared once. */
  private PolicyEngine engineFor(PolicyBundle bundle) {
    loadOrder.putIfAbsent(bundle.id(), bundle);
    PolicyEngine engine =
        engines.computeIfAbsent(bundle.id(), id -> new PolicyEngine(bundle, onPolicyError));
    engine.prepare();
    return engine;
  }

  /** Frees least recently used engines, never the active or shadow one, down to the bound. */
  private void trim() {
    int live = cachedEntries();
    for (Iterator<PolicyEngine> it = engines.values().iterator();
        it.hasNext() && live > maxCachedEntries; ) {
      PolicyEngine engine = it.next();
      if (engine == active || engine == shadow) {
        continue;
      }
      live -= engine.cachedEntries();
      engine.close();
    }
  }
}
