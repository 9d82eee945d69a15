package dev.charter.eval.model;

import dev.charter.model.IntentModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-process decision against its baseline (MiniLM embedding alone) with <em>paired</em>
 * samples: each round times both arms back to back on the same ticket, alternating which goes
 * first, and throughput alternates short slices of each arm. On a shared 2-core machine whose load
 * changes by the minute, this keeps the ratio honest where two separate JMH runs would compare
 * different moments (see docs/benchmarks.md).
 *
 * <p>{@code ./mvnw -B -pl eval exec:exec -Deval.main=dev.charter.eval.model.PairedDecisionLatency
 * -Djmh.args="--rounds 600"}; prints a markdown table.
 */
public final class PairedDecisionLatency {

  private PairedDecisionLatency() {}

  /**
   * Arguments: {@code [--version v1] [--rounds 600] [--warmup 100] [--slices 6] [--slice-ms 1000]}.
   */
  public static void main(String[] args) throws InterruptedException {
    String version = "v1";
    int rounds = 600;
    int warmup = 100;
    int slices = 6;
    int sliceMillis = 1000;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("`" + args[i] + "` needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--version" -> version = value;
        case "--rounds" -> rounds = positive(args[i], value);
        case "--warmup" -> warmup = positive(args[i], value);
        case "--slices" -> slices = positive(args[i], value);
        case "--slice-ms" -> sliceMillis = positive(args[i], value);
        default -> throw new IllegalArgumentException("unknown option `" + args[i] + "`");
      }
    }
    AllMiniLmL6V2EmbeddingModel encoder = new AllMiniLmL6V2EmbeddingModel();
    try (IntentModel model = IntentModel.load(version)) {
      List<Runnable> arms =
          List.of(new Arm(t -> encoder.embed(t).content().vector()), new Arm(model::predict));
      for (int r = 0; r < warmup; r++) {
        arms.forEach(Runnable::run);
      }
      long[][] nanos = new long[2][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 2; k++) {
          int arm = (r + k) % 2;
          long start = System.nanoTime();
          arms.get(arm).run();
          nanos[arm][r] = System.nanoTime() - start;
        }
      }
      double[] one = throughput(arms, 1, slices, sliceMillis);
      double[] two = throughput(arms, 2, slices, sliceMillis);
      System.out.print(report(version, rounds, nanos[0], nanos[1], one, two, Runtime.getRuntime()));
    }
  }

  private static int positive(String flag, String value) {
    int parsed = Integer.parseInt(value);
    if (parsed < 1) {
      throw new IllegalArgumentException("`" + flag + "` must be >= 1, got " + value);
    }
    return parsed;
  }

  /** One arm cycling through the tickets; safe to run from several threads. */
  private record Arm(java.util.function.Function<String, Object> call) implements Runnable {
    private static final ThreadLocal<int[]> NEXT = ThreadLocal.withInitial(() -> new int[1]);

    @Override
    public void run() {
      int[] next = NEXT.get();
      call.apply(InProcessDecisionBenchmark.TICKETS.get(next[0]));
      next[0] = (next[0] + 1) % InProcessDecisionBenchmark.TICKETS.size();
    }
  }

  /** Operations per second of each arm, alternating {@code slices} slices of each. */
  private static double[] throughput(List<Runnable> arms, int threads, int slices, int sliceMillis)
      throws InterruptedException {
    long[] ops = new long[2];
    long[] elapsed = new long[2];
    for (int s = 0; s < 2 * slices; s++) {
      int arm = s % 2;
      LongAdder done = new LongAdder();
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch finished = new CountDownLatch(threads);
      List<Thread> workers = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        Thread worker =
            new Thread(
                () -> {
                  while (!stop.get()) {
                    arms.get(arm).run();
                    done.increment();
                  }
                  finished.countDown();
                });
        workers.add(worker);
        worker.start();
      }
      Thread.sleep(sliceMillis);
      stop.set(true);
      finished.await();
      elapsed[arm] += System.nanoTime() - start;
      ops[arm] += done.sum();
    }
    return new double[] {ops[0] * 1e9 / elapsed[0], ops[1] * 1e9 / elapsed[1]};
  }

  private static String report(
      String version,
      int rounds,
      long[] embedding,
      long[] decision,
      double[] one,
      double[] two,
      Runtime runtime) {
    long[] sortedE = embedding.clone();
    long[] sortedD = decision.clone();
    Arrays.sort(sortedE);
    Arrays.sort(sortedD);
    long[] diff = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      diff[r] = decision[r] - embedding[r];
    }
    Arrays.sort(diff);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "in-process decision %s vs MiniLM embedding alone: %d paired rounds, %d cpus%n%n",
            version,
            rounds,
            runtime.availableProcessors()));
    out.append("| figure | embedding alone (baseline) | decision (embedding + head) | ratio |\n");
    out.append("|---|---|---|---|\n");
    row(
        out,
        "latency p50, batch 1",
        ms(pct(sortedE, 50)),
        ms(pct(sortedD, 50)),
        ratio(pct(sortedD, 50), pct(sortedE, 50)));
    row(
        out,
        "latency p99, batch 1",
        ms(pct(sortedE, 99)),
        ms(pct(sortedD, 99)),
        ratio(pct(sortedD, 99), pct(sortedE, 99)));
    row(out, "throughput, 1 thread", ops(one[0]), ops(one[1]), ratio(one[1], one[0]));
    row(out, "throughput, 2 threads", ops(two[0]), ops(two[1]), ratio(two[1], two[0]));
    out.append(
        String.format(
            Locale.ROOT,
            "%npaired difference decision - embedding (head + overhead): p50 %s%n",
            ms(pct(diff, 50))));
    return out.toString();
  }

  private static void row(
      StringBuilder out, String figure, String base, String decision, String r) {
    out.append("| ")
        .append(figure)
        .append(" | ")
        .append(base)
        .append(" | ")
        .append(decision)
        .append(" | ")
        .append(r)
        .append(" |\n");
  }

  private static double pct(long[] sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  private static String ops(double perSecond) {
    return String.format(Locale.ROOT, "%.1f ops/s", perSecond);
  }

  private static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2f", a / b);
  }
}
