package dev.charter.starter.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The committed figures a run must not fall behind, by selection ({@code quick}, {@code all}, or a
 * suite's name), each with its tolerance: a figure where higher is better regresses when it falls
 * below {@code value - tolerance}, one where lower is better when it rises above {@code value +
 * tolerance}.
 *
 * @param note how and where the figures were measured
 * @param selections the figures by selection, then by metric name
 */
public record EvalBaseline(
    @JsonProperty("note") String note,
    @JsonProperty("selections") Map<String, Map<String, Bound>> selections) {

  private static final List<String> DIRECTIONS = List.of("higher", "lower", "equal");

  /** The shipped baseline on the classpath. */
  static final String SHIPPED = "suites/baseline.json";

  public EvalBaseline {
    selections = selections == null ? Map.of() : Map.copyOf(selections);
  }

  /**
   * One figure's bound.
   *
   * @param value the baseline figure
   * @param tolerance how far it may move the wrong way
   * @param better {@code higher}, {@code lower}, or {@code equal} (a move either way beyond the
   *     tolerance regresses: a verdict mix that shifts is a change to look at, whichever way)
   */
  public record Bound(
      @JsonProperty("value") double value,
      @JsonProperty("tolerance") double tolerance,
      @JsonProperty("better") String better) {

    public Bound {
      if (!DIRECTIONS.contains(better)) {
        throw new IllegalArgumentException(
            "baseline bound: `better` must be one of " + DIRECTIONS + ", got `" + better + "`");
      }
      if (tolerance < 0) {
        throw new IllegalArgumentException(
            "baseline bound: `tolerance` must be >= 0, got " + tolerance);
      }
    }
  }

  /**
   * A figure that moved beyond its tolerance.
   *
   * @param metric its name
   * @param value the run's figure, null when the run did not produce it
   * @param baseline the baseline figure
   * @param tolerance its tolerance
   * @param better {@code higher} or {@code lower}
   */
  public record Regression(
      @JsonProperty("metric") String metric,
      @JsonProperty("value") Double value,
      @JsonProperty("baseline") double baseline,
      @JsonProperty("tolerance") double tolerance,
      @JsonProperty("better") String better) {

    @Override
    public String toString() {
      return value == null
          ? metric + ": missing from this run (baseline " + baseline + ")"
          : metric
              + ": "
              + value
              + " regressed: baseline "
              + baseline
              + ("equal".equals(better)
                  ? " (should not move, tolerance "
                  : " (" + better + " is better, tolerance ")
              + tolerance
              + ")";
    }
  }

  /** Reads the shipped baseline, or {@code file} when not null. */
  public static EvalBaseline load(Path file) {
    ObjectMapper mapper =
        new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      if (file != null) {
        return mapper.readValue(Files.readString(file), EvalBaseline.class);
      }
      try (InputStream in = EvalBaseline.class.getClassLoader().getResourceAsStream(SHIPPED)) {
        if (in == null) {
          throw new IllegalStateException("baseline `" + SHIPPED + "` not on the classpath");
        }
        return mapper.readValue(in, EvalBaseline.class);
      }
    } catch (IOException e) {
      String where = file != null ? file.toString() : SHIPPED;
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
        throw new IllegalArgumentException(
            "baseline " + where + ": " + json.getOriginalMessage(), e);
      }
      throw new UncheckedIOException("baseline " + where + " could not be read", e);
    }
  }

  /**
   * The figures of {@code metrics} that regressed against {@code selection}'s bounds; empty when
   * none did or the baseline has no such selection.
   */
  public List<Regression> regressions(String selection, EvalMetrics metrics) {
    List<Regression> regressions = new ArrayList<>();
    Map<String, Bound> bounds = selections.getOrDefault(selection, Map.of());
    bounds.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry -> {
              Bound bound = entry.getValue();
              Double value = metrics.values().get(entry.getKey());
              boolean regressed =
                  value == null
                      || switch (bound.better()) {
                        case "higher" -> value < bound.value() - bound.tolerance() - 1e-9;
                        case "lower" -> value > bound.value() + bound.tolerance() + 1e-9;
                        default -> Math.abs(value - bound.value()) > bound.tolerance() + 1e-9;
                      };
              if (regressed) {
                regressions.add(
                    new Regression(
                        entry.getKey(), value, bound.value(), bound.tolerance(), bound.better()));
              }
            });
    return regressions;
  }

  /** Whether the baseline has bounds for {@code selection}. */
  public boolean covers(String selection) {
    return selections.containsKey(selection);
  }
}
