package dev.charter.starter.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One eval run as {@code --json} prints it and {@code --html} draws it.
 *
 * @param selection what ran: {@code quick}, {@code all}, or the suites' names joined by {@code +}
 * @param runId the run's id (part of every task id)
 * @param wallSeconds the run's wall time, from start of the stack to the last check
 * @param metrics the figures
 * @param baselineCovers whether the baseline had bounds for this selection
 * @param regressions the figures that regressed beyond their tolerance
 * @param cases every case's result
 */
public record EvalReport(
    @JsonProperty("selection") String selection,
    @JsonProperty("runId") String runId,
    @JsonProperty("wallSeconds") double wallSeconds,
    @JsonProperty("metrics") EvalMetrics metrics,
    @JsonProperty("baselineCovers") boolean baselineCovers,
    @JsonProperty("regressions") List<EvalBaseline.Regression> regressions,
    @JsonProperty("cases") List<CaseResult> cases) {

  /** Whether the gate holds: no figure regressed. */
  @JsonProperty("gatePassed")
  public boolean gatePassed() {
    return regressions.isEmpty();
  }

  /** The readable summary the command prints. */
  public String text() {
    StringBuilder out = new StringBuilder();
    for (CaseResult r : cases) {
      out.append(r.passed() ? "PASS " : "FAIL ")
          .append(r.suite())
          .append('/')
          .append(r.caseId())
          .append("  intent ")
          .append(r.intent())
          .append("  ")
          .append(r.state())
          .append('\n');
      r.problems().forEach(p -> out.append("       ").append(p).append('\n'));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%n%s: %d of %d cases passed in %.0f s%n",
            selection,
            metrics.passed(),
            metrics.cases(),
            wallSeconds));
    metrics
        .values()
        .forEach(
            (name, value) -> out.append(String.format(Locale.ROOT, "  %-44s %s%n", name, value)));
    if (!baselineCovers) {
      out.append("gate: the baseline has no bounds for `").append(selection).append("`\n");
    } else if (regressions.isEmpty()) {
      out.append("gate: passed (no metric regressed beyond its tolerance)\n");
    } else {
      out.append("gate: FAILED, regressed:\n");
      regressions.forEach(r -> out.append("  ").append(r).append('\n'));
    }
    return out.toString();
  }

  /** A self-contained HTML page: tables and inline SVG charts, no script, no external resource. */
  public String html() {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>charter eval: ")
        .append(esc(selection))
        .append("</title><style>")
        .append(
            "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1b1f24;max-width:1200px}")
        .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}")
        .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;")
        .append("padding:3px 8px;text-align:left;vertical-align:top}th{background:#f3f4f6}")
        .append(".ok{color:#166534;font-weight:600}.bad{color:#b91c1c;font-weight:600}")
        .append(".num{text-align:right;font-variant-numeric:tabular-nums}.small{font-size:12px}")
        .append(".row{display:flex;gap:32px;flex-wrap:wrap}</style></head><body>");
    h.append("<h1>charter eval — ").append(esc(selection)).append("</h1>");
    h.append(
        String.format(
            Locale.ROOT,
            "<p>run <code>%s</code>: <b>%d of %d</b> cases passed in %.0f s. Gate: %s</p>",
            esc(runId),
            metrics.passed(),
            metrics.cases(),
            wallSeconds,
            !baselineCovers
                ? "no baseline for this selection"
                : regressions.isEmpty()
                    ? "<span class=ok>passed</span>"
                    : "<span class=bad>FAILED</span> (" + regressions.size() + " regressed)"));
    if (!regressions.isEmpty()) {
      h.append("<ul>");
      regressions.forEach(
          r -> h.append("<li class=bad>").append(esc(r.toString())).append("</li>"));
      h.append("</ul>");
    }
    h.append("<div class=row><div><h2>Verdict mix</h2>").append(verdictChart()).append("</div>");
    h.append("<div><h2>Decision latency</h2>").append(latencyChart()).append("</div></div>");
    h.append("<h2>Confusion matrix (rows: expected intent, columns: decided)</h2>")
        .append(confusionTable());
    h.append("<h2>Metrics</h2><table><tr><th>metric</th><th>value</th></tr>");
    metrics
        .values()
        .forEach(
            (name, value) ->
                h.append("<tr><td>")
                    .append(esc(name))
                    .append("</td><td class=num>")
                    .append(value)
                    .append("</td></tr>"));
    h.append("</table><h2>Cases</h2><table class=small><tr><th></th><th>case</th><th>intent")
        .append(" (expected)</th><th>state (expected)</th><th>path</th><th>problems</th></tr>");
    for (CaseResult r : cases) {
      h.append("<tr><td class=")
          .append(r.passed() ? "ok>PASS" : "bad>FAIL")
          .append("</td><td>")
          .append(esc(r.suite() + "/" + r.caseId()))
          .append("</td><td>")
          .append(esc(r.intent() + " (" + r.expectedIntent() + ")"))
          .append("</td><td>")
          .append(esc(r.state() + " (" + r.expectedState() + ")"))
          .append("</td><td>")
          .append(esc(String.join("; ", r.path())))
          .append("</td><td>")
          .append(esc(String.join("; ", r.problems())))
          .append("</td></tr>");
    }
    h.append("</table></body></html>\n");
    return h.toString();
  }

  private String verdictChart() {
    Map<String, Integer> verdicts = metrics.verdicts();
    int max = Math.max(1, verdicts.values().stream().mapToInt(i -> i).max().orElse(1));
    Map<String, String> colours =
        Map.of("ALLOW", "#16a34a", "DENY", "#dc2626", "REQUIRE_APPROVAL", "#d97706");
    StringBuilder svg =
        new StringBuilder("<svg width=\"420\" height=\"")
            .append(30 * verdicts.size() + 10)
            .append("\" role=\"img\" aria-label=\"verdict mix\">");
    int y = 5;
    for (Map.Entry<String, Integer> e : verdicts.entrySet()) {
      int width = (int) Math.round(240.0 * e.getValue() / max);
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text><rect x=\"140\" y=\"%d\" width=\"%d\""
                  + " height=\"18\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">%d</text>",
              y + 14,
              e.getKey(),
              y,
              width,
              colours.getOrDefault(e.getKey(), "#6b7280"),
              146 + width,
              y + 14,
              e.getValue()));
      y += 30;
    }
    return svg.append("</svg>").toString();
  }

  /** A histogram per backend of decision latency, on a log-spaced millisecond axis. */
  private String latencyChart() {
    double[] edges = {0, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, Double.MAX_VALUE};
    String[] names = {
      "<5", "5-10", "10-20", "20-50", "50-100", "100-200", "200-500", "0.5-1s", "1-2s", ">2s"
    };
    StringBuilder svg = new StringBuilder();
    for (Map.Entry<String, List<Double>> e : metrics.decisionMillis().entrySet()) {
      int[] counts = new int[names.length];
      for (double ms : e.getValue()) {
        for (int i = 0; i < names.length; i++) {
          if (ms >= edges[i] && ms < edges[i + 1]) {
            counts[i]++;
          }
        }
      }
      int max = Math.max(1, java.util.Arrays.stream(counts).max().orElse(1));
      svg.append("<div class=small>")
          .append(esc(e.getKey()))
          .append(
              String.format(
                  Locale.ROOT,
                  ": %d decisions, p50 %.1f ms, p99 %.1f ms",
                  e.getValue().size(),
                  EvalMetrics.percentile(e.getValue(), 50),
                  EvalMetrics.percentile(e.getValue(), 99)))
          .append("</div><svg width=\"520\" height=\"150\" role=\"img\" aria-label=\"latency\">");
      for (int i = 0; i < names.length; i++) {
        int height = (int) Math.round(100.0 * counts[i] / max);
        int x = 10 + i * 50;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"40\" height=\"%d\" fill=\"#2563eb\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%d</text>"
                    + "<text x=\"%d\" y=\"140\" font-size=\"10\">%s</text>",
                x,
                115 - height,
                height,
                x + 12,
                110 - height,
                counts[i],
                x,
                names[i]));
      }
      svg.append("</svg>");
    }
    return svg.isEmpty() ? "<p>no decisions</p>" : svg.toString();
  }

  /** The confusion matrix as an SVG grid: green on the diagonal, red off it, shaded by count. */
  private String confusionTable() {
    TreeSet<String> labels = new TreeSet<>(metrics.confusion().keySet());
    metrics.confusion().values().forEach(row -> labels.addAll(row.keySet()));
    List<String> axis = List.copyOf(labels);
    int max =
        metrics.confusion().values().stream()
            .flatMap(row -> row.values().stream())
            .mapToInt(i -> i)
            .max()
            .orElse(1);
    int cell = 84;
    int left = 110;
    int top = 30;
    StringBuilder svg =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"confusion matrix\">",
                left + cell * axis.size() + 10,
                top + cell * axis.size() + 10));
    for (int c = 0; c < axis.size(); c++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"20\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
              left + c * cell + cell / 2,
              esc(axis.get(c))));
    }
    for (int r = 0; r < axis.size(); r++) {
      String expected = axis.get(r);
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>",
              left - 6,
              top + r * cell + cell / 2 + 4,
              esc(expected)));
      for (int c = 0; c < axis.size(); c++) {
        int n = metrics.confusion().getOrDefault(expected, Map.of()).getOrDefault(axis.get(c), 0);
        String fill =
            n == 0
                ? "#f9fafb"
                : String.format(
                    Locale.ROOT,
                    r == c ? "rgba(22,163,74,%.2f)" : "rgba(220,38,38,%.2f)",
                    0.2 + 0.7 * n / max);
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\""
                    + " stroke=\"#d1d5db\"/>",
                left + c * cell,
                top + r * cell,
                cell,
                cell,
                fill));
        if (n > 0) {
          svg.append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\">%d</text>",
                  left + c * cell + cell / 2,
                  top + r * cell + cell / 2 + 5,
                  n));
        }
      }
    }
    return svg.append("</svg>").toString();
  }

  private static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
