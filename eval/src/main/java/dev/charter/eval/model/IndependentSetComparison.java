package dev.charter.eval.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.model.Intent;
import dev.charter.model.IntentModel;
import dev.charter.model.IntentPrediction;
import dev.charter.model.ModelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every shipped model version side by side on the independent test set, with the figures of issue
 * 15's acceptance: in-scope accuracy, confident wrong actions, out-of-scope escalated, expected
 * calibration error, and how the English encoder copes with French, German and Spanish tickets.
 *
 * <p>{@code ./mvnw -B -pl eval exec:exec
 * -Deval.main=dev.charter.eval.model.IndependentSetComparison -Djmh.args=""}; prints a markdown
 * table. {@code --model-dir v3=<dir>} scores a model directory instead of the shipped version.
 *
 * <p>Definitions (a ticket's "plan" is what the runtime would do with it): the plan of an acting
 * intent, or the hand-over to a human for {@code escalation}, {@code other} and every abstention.
 *
 * <ul>
 *   <li>in-scope accuracy: in-scope tickets whose top label is their label ({@code other} counts as
 *       right for an {@code escalation} ticket: both hand over);
 *   <li>automated: in-scope tickets that end in their right plan without abstention (for {@code
 *       escalation} tickets, any hand-over);
 *   <li>confident wrong action: an in-scope ticket acted on (no abstention) with another plan than
 *       its own, share of in-scope tickets;
 *   <li>out-of-scope escalated: {@code other} tickets handed to a human, share of them;
 *   <li>ECE: top-label expected calibration error over 10 bins on all tickets, "right" meaning the
 *       top label's plan is the ticket's plan.
 * </ul>
 */
public final class IndependentSetComparison {

  /** The independent set, one JSON object a line. */
  public static final String RESOURCE = "dev/charter/eval/model/independent-tickets.jsonl";

  private IndependentSetComparison() {}

  /** Figures of one version. */
  record Figures(
      String version,
      int inScope,
      int outOfScope,
      double inScopeAccuracy,
      double automated,
      double confidentWrong,
      double outOfScopeEscalated,
      double ece,
      double nonEnglishUnderstood,
      Map<String, Double> escalatedByKind) {}

  /** Arguments: {@code [--model-dir v3=<dir>]...}. */
  public static void main(String[] args) {
    Map<String, Path> dirs = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!"--model-dir".equals(args[i]) || i + 1 >= args.length || !args[i + 1].contains("=")) {
        throw new IllegalArgumentException(
            "usage: IndependentSetComparison [--model-dir <version>=<dir>]..., got `"
                + String.join(" ", args)
                + "`");
      }
      String[] pair = args[i + 1].split("=", 2);
      dirs.put(ModelVersion.fromLabel(pair[0]).label(), Path.of(pair[1]));
    }
    List<IndependentTicket> tickets = load();
    List<Figures> all = new ArrayList<>();
    for (ModelVersion version : ModelVersion.values()) {
      Path dir = dirs.get(version.label());
      try (IntentModel model = dir == null ? IntentModel.load(version) : IntentModel.load(dir)) {
        all.add(score(version.label(), model, tickets));
      }
    }
    System.out.print(report(tickets, all));
  }

  /** The set from the classpath. */
  static List<IndependentTicket> load() {
    try (InputStream in =
        IndependentSetComparison.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("independent set `" + RESOURCE + "` not on the classpath");
      }
      ObjectMapper json = new ObjectMapper();
      List<IndependentTicket> tickets = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          IndependentTicket ticket = json.readValue(line, IndependentTicket.class);
          Intent.fromLabel(ticket.label());
          tickets.add(ticket);
        }
      }
      return tickets;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read `" + RESOURCE + "`", e);
    }
  }

  /** Scores {@code model} on {@code tickets}. */
  static Figures score(String version, IntentModel model, List<IndependentTicket> tickets) {
    int inScope = 0;
    int outOfScope = 0;
    int accurate = 0;
    int automated = 0;
    int wrong = 0;
    int escalatedOther = 0;
    int nonEnglish = 0;
    int understood = 0;
    double[] binConfidence = new double[10];
    double[] binRight = new double[10];
    Map<String, int[]> byKind = new LinkedHashMap<>();
    for (IndependentTicket ticket : tickets) {
      IntentPrediction prediction = model.predict(ticket.text());
      Intent truth = Intent.fromLabel(ticket.label());
      Intent top = Intent.fromLabel(prediction.intent());
      boolean handsOver = prediction.abstention() != null || !top.acts();
      boolean rightPlan = top.acts() ? top == truth : !truth.acts();
      int bin = Math.min(9, (int) (prediction.confidence() * 10));
      binConfidence[bin] += prediction.confidence();
      binRight[bin] += rightPlan ? 1 : 0;
      if (ticket.asks() != null) {
        nonEnglish++;
        understood += prediction.intent().equals(ticket.asks()) ? 1 : 0;
      }
      if (truth == Intent.OTHER) {
        outOfScope++;
        escalatedOther += handsOver ? 1 : 0;
        int[] kind = byKind.computeIfAbsent(ticket.kind(), k -> new int[2]);
        kind[0]++;
        kind[1] += handsOver ? 1 : 0;
        continue;
      }
      inScope++;
      accurate += top == truth || (truth == Intent.ESCALATION && top == Intent.OTHER) ? 1 : 0;
      if (handsOver) {
        automated += truth == Intent.ESCALATION ? 1 : 0;
      } else if (top == truth) {
        automated++;
      } else {
        wrong++;
      }
    }
    double ece = 0;
    for (int b = 0; b < 10; b++) {
      ece += Math.abs(binRight[b] - binConfidence[b]) / tickets.size();
    }
    Map<String, Double> escalatedByKind = new LinkedHashMap<>();
    byKind.forEach((kind, counts) -> escalatedByKind.put(kind, (double) counts[1] / counts[0]));
    return new Figures(
        version,
        inScope,
        outOfScope,
        (double) accurate / inScope,
        (double) automated / inScope,
        (double) wrong / inScope,
        (double) escalatedOther / outOfScope,
        ece,
        nonEnglish == 0 ? 0 : (double) understood / nonEnglish,
        escalatedByKind);
  }

  static String report(List<IndependentTicket> tickets, List<Figures> all) {
    StringBuilder out = new StringBuilder();
    Figures first = all.get(0);
    out.append(
        String.format(
            Locale.ROOT,
            "independent set: %d tickets (%d in scope, %d out of scope), %s%n%n",
            tickets.size(),
            first.inScope(),
            first.outOfScope(),
            RESOURCE));
    out.append("| figure | target |");
    all.forEach(f -> out.append(' ').append(f.version()).append(" |"));
    out.append("\n|---|---|");
    all.forEach(f -> out.append("---|"));
    out.append('\n');
    row(out, "in-scope accuracy (top label)", "≥ 0.95", all, Figures::inScopeAccuracy);
    row(out, "in-scope handled by the right plan, no human", "", all, Figures::automated);
    row(out, "confident wrong actions, share of in-scope", "≤ 0.01", all, Figures::confidentWrong);
    row(out, "out-of-scope escalated", "≥ 0.95", all, Figures::outOfScopeEscalated);
    row(out, "expected calibration error (10 bins)", "reported", all, Figures::ece);
    row(
        out,
        "non-English: top label = the intent asked for",
        "measured",
        all,
        Figures::nonEnglishUnderstood);
    for (String kind : first.escalatedByKind().keySet()) {
      row(
          out,
          "out of scope `" + kind + "` escalated",
          "",
          all,
          f -> f.escalatedByKind().getOrDefault(kind, 0.0));
    }
    return out.toString();
  }

  private static void row(
      StringBuilder out,
      String name,
      String target,
      List<Figures> all,
      java.util.function.ToDoubleFunction<Figures> figure) {
    out.append("| ").append(name).append(" | ").append(target).append(" |");
    all.forEach(f -> out.append(String.format(Locale.ROOT, " %.4f |", figure.applyAsDouble(f))));
    out.append('\n');
  }
}
