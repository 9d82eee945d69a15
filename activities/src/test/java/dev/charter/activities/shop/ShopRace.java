package dev.charter.activities.shop;

import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * Four workers running one refund call at once, forced to overlap: the test holds a lock on the
 * order so the first worker stalls inside its transaction after claiming the key, waits until all
 * four workers are blocked (the others on that claim's primary key), then lets go. Every late
 * worker therefore reaches the primary-key arbiter instead of simply reading a committed result.
 */
final class ShopRace {

  static final int WORKERS = 4;

  /** How the test sees that a worker waits on a database lock. */
  @FunctionalInterface
  interface LockWaits {
    long count(Connection observer, List<Thread> workers) throws SQLException;
  }

  /**
   * H2 waits in its own Java code: parked on the stalled worker's row lock, or retrying the
   * duplicate insert of the claimed key until the claim commits (RUNNABLE, so no thread state
   * tells); the stack says where each worker is.
   */
  static final LockWaits H2 =
      (observer, workers) -> workers.stream().filter(ShopRace::insideH2LockWait).count();

  private static boolean insideH2LockWait(Thread worker) {
    List<StackTraceElement> stack = Arrays.asList(worker.getStackTrace());
    boolean inH2 = stack.stream().anyMatch(f -> f.getClassName().startsWith("org.h2."));
    boolean claiming =
        stack.stream()
            .anyMatch(
                f ->
                    f.getClassName().equals(ShopToolActivities.class.getName())
                        && f.getMethodName().equals("claim"));
    boolean refunding =
        stack.stream()
            .anyMatch(
                f ->
                    f.getClassName().equals(ShopTools.class.getName())
                        && f.getMethodName().equals("issueRefund"));
    return inH2 && (claiming || refunding);
  }

  /** PostgreSQL reports its own lock waits, the duplicate-key wait on a transaction included. */
  static final LockWaits POSTGRESQL =
      (observer, workers) -> {
        try (PreparedStatement statement =
                observer.prepareStatement(
                    "SELECT COUNT(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'");
            ResultSet row = statement.executeQuery()) {
          row.next();
          return row.getLong(1);
        }
      };

  private ShopRace() {}

  static List<ToolResult> refundRace(
      DataSource dataSource, LockWaits lockWaits, String key, String orderId, String amount)
      throws Exception {
    List<Thread> workers = new CopyOnWriteArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            WORKERS,
            runnable -> {
              Thread thread = new Thread(runnable, "racing-worker-" + workers.size());
              workers.add(thread);
              return thread;
            });
    try (Connection holder = dataSource.getConnection();
        Connection observer = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement("UPDATE orders SET status = status WHERE id = ?")) {
        lock.setString(1, orderId);
        lock.executeUpdate();
      }
      List<Future<ToolResult>> futures = new ArrayList<>();
      for (int i = 0; i < WORKERS; i++) {
        // one activities instance per worker, as separate worker processes would have
        ShopToolActivities worker = new ShopToolActivities(dataSource, TestPermits.PERMITS);
        Map<String, String> arguments = Map.of("orderId", orderId, "amountCents", amount);
        ToolInvocation invocation =
            TestPermits.permitted(
                new ToolInvocation("task", 1, key, new ToolCall("issue_refund", null, arguments)));
        futures.add(pool.submit(() -> worker.execute(invocation)));
      }
      awaitAllBlocked(observer, lockWaits, workers, futures);
      holder.rollback();
      List<ToolResult> results = new ArrayList<>();
      for (Future<ToolResult> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until every worker waits on a lock; a worker that ended early fails the race. */
  private static void awaitAllBlocked(
      Connection observer,
      LockWaits lockWaits,
      List<Thread> workers,
      List<Future<ToolResult>> futures)
      throws Exception {
    while (lockWaits.count(observer, workers) < WORKERS) {
      for (Future<ToolResult> future : futures) {
        if (future.isDone()) {
          throw new IllegalStateException(
              "a racing worker finished while the order was locked: " + future.get());
        }
      }
      Thread.sleep(20);
    }
  }
}
