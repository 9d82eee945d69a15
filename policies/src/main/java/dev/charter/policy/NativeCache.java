package dev.charter.policy;

import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Policy sets and schemas pre-parsed on cedar-java's native side, counted and freed explicitly.
 *
 * <p>cedar-java frees a cached entry only when its Java object is garbage-collected, and refuses
 * new entries past its cap ({@code cedar.cache.maxPolicySets}, 1,024 by default): a worker that
 * loads bundle after bundle would stop authorizing once the collector lags. It offers no public
 * release, so this class calls the removal its own cleaner calls ({@code removeCachedPolicySetJni},
 * {@code removeCachedSchemaJni}; removing twice is harmless, so the cleaner running later does no
 * harm). Every entry cached through here is counted until released: {@link #live()}.
 */
final class NativeCache {

  private static final AtomicInteger LIVE = new AtomicInteger();
  private static final Method REMOVE_POLICY_SET =
      removal(PolicySet.class, "removeCachedPolicySetJni");
  private static final Method REMOVE_SCHEMA = removal(Schema.class, "removeCachedSchemaJni");

  private NativeCache() {}

  private static Method removal(Class<?> owner, String name) {
    try {
      Method method = owner.getDeclaredMethod(name, String.class);
      method.setAccessible(true);
      return method;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "cedar-java "
              + owner.getSimpleName()
              + " has no `"
              + name
              + "(String)`: this Charter"
              + " version expects cedar-java 4.10",
          e);
    }
  }

  /** Caches {@code set} natively; the returned key releases it. */
  static String cache(PolicySet set) throws CacheException {
    set.cache();
    LIVE.incrementAndGet();
    return set.cacheKey().orElseThrow();
  }

  /** Caches {@code schema} natively; the returned key releases it. */
  static String cache(Schema schema) throws CacheException {
    schema.cache();
    LIVE.incrementAndGet();
    return schema.cacheKey().orElseThrow();
  }

  /** Frees a policy set cached by {@link #cache(PolicySet)}. */
  static void releasePolicySet(String key) {
    release(REMOVE_POLICY_SET, key);
  }

  /** Frees a schema cached by {@link #cache(Schema)}. */
  static void releaseSchema(String key) {
    release(REMOVE_SCHEMA, key);
  }

  private static void release(Method removal, String key) {
    try {
      removal.invoke(null, key);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call cedar-java's " + removal.getName(), e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "cedar-java's " + removal.getName() + " failed: " + e.getCause(), e.getCause());
    }
    LIVE.decrementAndGet();
  }

  /** Entries cached through this class and not yet released, in this JVM. */
  static int live() {
    return LIVE.get();
  }
}
