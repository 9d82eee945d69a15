package dev.charter.eval.model;

import dev.charter.model.IntentModel;
import dev.charter.model.IntentPrediction;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process decision (MiniLM embedding + DJL head, batch 1) against its baseline, the MiniLM
 * embedding alone, on the same tickets in the same run: latency percentiles (sample mode) and
 * throughput (ops per millisecond) with one and two benchmark threads.
 *
 * <p>{@code ./mvnw -B -pl eval exec:exec -Djmh.args="InProcessDecision -f 1"}: the head's share is
 * the decision's p50 minus the embedding's p50, and the ratio of the two is what the report quotes.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dai.djl.offline=true",
      "-Dai.djl.pytorch.num_threads=1",
      "-Dai.djl.pytorch.num_interop_threads=1"
    })
public class InProcessDecisionBenchmark {

  /** Redacted demo-like tickets of every intent and of varied length, cycled per thread. */
  static final List<String> TICKETS =
      List.of(
          "Hi, this is Ana (<email:1>). Where is my order 1001? It has not arrived yet.",
          "The blender arrived broken, please refund order 1002. Call me on <phone:1>.",
          "Please refund the 250 dollars for order 1003, the item never worked.",
          "Can you resend the receipt for order 1004 to my email?",
          "Under GDPR I want a copy of all the data you hold about me, send it to <email:1>.",
          "This is the third time I write. I want to speak to a manager now.",
          "My mug arrived chipped, please refund order 1005.",
          "Refund order 1004 in full now, 900 dollars, or I will complain everywhere.");

  /** The shipped model version to measure. */
  @Param({"v1"})
  public String version;

  IntentModel model;
  AllMiniLmL6V2EmbeddingModel encoder;

  /** Each thread walks the tickets on its own, so threads do not contend on a counter. */
  @State(Scope.Thread)
  public static class Tickets {
    int next;

    String next() {
      String ticket = TICKETS.get(next);
      next = (next + 1) % TICKETS.size();
      return ticket;
    }
  }

  @Setup(Level.Trial)
  public void load() {
    model = IntentModel.load(version);
    model.warmUp();
    encoder = new AllMiniLmL6V2EmbeddingModel();
    TICKETS.forEach(encoder::embed);
    TICKETS.forEach(model::predict);
  }

  @TearDown(Level.Trial)
  public void close() {
    model.close();
  }

  /** Baseline: the MiniLM embedding alone, one thread. */
  @Benchmark
  @Threads(1)
  public float[] embedding_1_thread(Tickets tickets) {
    return encoder.embed(tickets.next()).content().vector();
  }

  /** Baseline: the MiniLM embedding alone, two threads. */
  @Benchmark
  @Threads(2)
  public float[] embedding_2_threads(Tickets tickets) {
    return encoder.embed(tickets.next()).content().vector();
  }

  /** The in-process decision: embedding + head, batch 1, one thread. */
  @Benchmark
  @Threads(1)
  public IntentPrediction decision_1_thread(Tickets tickets) {
    return model.predict(tickets.next());
  }

  /** The in-process decision: embedding + head, batch 1, two threads. */
  @Benchmark
  @Threads(2)
  public IntentPrediction decision_2_threads(Tickets tickets) {
    return model.predict(tickets.next());
  }
}
