package dev.charter.activities.inference;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import java.util.HashMap;
import java.util.Map;

/**
 * Routing flags through OpenFeature: a canary split per route ({@code
 * route.<profile>.canary-percent}) and a kill switch per backend ({@code backend.<name>.enabled}).
 * The default provider is the SDK's in-memory one, seeded from configuration and changed by {@code
 * charter route set-canary | rollback}; reads go through an OpenFeature client of this instance's
 * domain, so another provider registered for that domain takes over the reads.
 */
public final class RouteFlags {

  private static final String VALUE = "value";

  private final InMemoryProvider provider;
  private final Client client;

  /**
   * @param domain the OpenFeature domain this instance's provider is bound to
   * @param canaryPercents initial canary split per route (profile)
   */
  public RouteFlags(String domain, Map<String, Integer> canaryPercents) {
    Map<String, Flag<?>> flags = new HashMap<>();
    canaryPercents.forEach((route, percent) -> flags.put(percentKey(route), flag(percent)));
    this.provider = new InMemoryProvider(flags);
    OpenFeatureAPI api = OpenFeatureAPI.getInstance();
    api.setProviderAndWait(domain, provider);
    this.client = api.getClient(domain);
  }

  /** The canary split of {@code route} in percent, 0 when unset. */
  public int canaryPercent(String route) {
    return client.getIntegerValue(percentKey(route), 0);
  }

  /** Whether {@code backend} may be called; backends are enabled unless switched off. */
  public boolean enabled(String backend) {
    return client.getBooleanValue(enabledKey(backend), true);
  }

  void setCanaryPercent(String route, int percent) {
    provider.updateFlag(percentKey(route), flag(percent));
  }

  void setEnabled(String backend, boolean enabled) {
    provider.updateFlag(enabledKey(backend), flag(enabled));
  }

  private static <T> Flag<T> flag(T value) {
    return Flag.<T>builder().variant(VALUE, value).defaultVariant(VALUE).build();
  }

  static String percentKey(String route) {
    return "route." + route + ".canary-percent";
  }

  static String enabledKey(String backend) {
    return "backend." + backend + ".enabled";
  }
}
