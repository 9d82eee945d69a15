package dev.charter.activities.perception;

import dev.charter.activities.audit.Sha256;
import dev.charter.activities.privacy.KnownSubject;
import dev.charter.activities.privacy.PiiKind;
import dev.charter.activities.privacy.PiiMatch;
import dev.charter.activities.privacy.PiiScanner;
import dev.charter.activities.privacy.PiiTokens;
import dev.charter.activities.privacy.SubjectDirectory;
import dev.charter.contract.DataLabels;
import dev.charter.contract.Observation;
import dev.charter.contract.PerceptionRequest;
import dev.charter.contract.TaskInput;
import dev.charter.contract.ToolResult;
import dev.charter.workflow.activity.PerceptionActivities;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Perception by rules: joins a step's input texts and tool results, finds personal data and secrets
 * with {@link PiiScanner} (email, phone, payment card, IBAN, national ids, IP addresses, dates of
 * birth, API keys and other secrets; each confirmed by its check), replaces each value with a typed
 * token, labels the result and marks taint.
 *
 * <ul>
 *   <li>Known subject: the task's data subjects are looked up in the system of record ({@link
 *       SubjectDirectory}) from the inputs' structured fields; their name, address, email, phone
 *       and ids are redacted wherever they appear, in any spelling the scanner folds. The values
 *       come from the record, never from the ticket. Fields are scanned by patterns only: the field
 *       that names the customer is the key to the record, not a disclosure in the text.
 *   <li>Text: each input's content, then each tool result rendered {@code tool: k=v, k=v}, joined
 *       by newlines; its sha-256 identifies the raw text, which never leaves this activity.
 *   <li>Structured fields stay out of the redacted content (tool arguments come from them), but PII
 *       in them counts for the labels, and a field {@code classification} may raise the
 *       classification, never lower it.
 *   <li>Classification: RESTRICTED with payment data, a national id or a secret ({@link
 *       PiiKind#restricted()}), CONFIDENTIAL with other PII, INTERNAL otherwise.
 *   <li>Taint: an input from a source outside the trusted set, or any tool result (tools relay what
 *       outsiders wrote).
 * </ul>
 */
public final class RulePerceptionActivities implements PerceptionActivities {

  /** Sources whose content the platform's own people or code wrote. */
  public static final Set<String> DEFAULT_TRUSTED_SOURCES = Set.of("operator", "system");

  static final String CLASSIFICATION_FIELD = "classification";
  static final String TOOL_RESULT_SOURCE = "tool_result";

  private final Set<String> trustedSources;
  private final SubjectDirectory subjects;
  private final PiiScanner scanner = PiiScanner.standard();

  /** Perception trusting {@link #DEFAULT_TRUSTED_SOURCES}, with patterns only (no subject). */
  public RulePerceptionActivities() {
    this(DEFAULT_TRUSTED_SOURCES, SubjectDirectory.NONE);
  }

  /**
   * @param trustedSources input sources that do not taint; every other source does
   * @param subjects where the task's data subjects are looked up
   */
  public RulePerceptionActivities(Set<String> trustedSources, SubjectDirectory subjects) {
    this.trustedSources = Set.copyOf(trustedSources);
    this.subjects = subjects;
  }

  @Override
  public Observation perceive(PerceptionRequest request) {
    List<String> parts = new ArrayList<>();
    Set<String> sources = new LinkedHashSet<>();
    Set<PiiKind> kinds = EnumSet.noneOf(PiiKind.class);
    Classification declared = Classification.PUBLIC;
    boolean tainted = false;
    KnownSubject subject = subject(request.inputs());

    for (TaskInput input : request.inputs()) {
      String name = input.name() == null ? "input" : input.name();
      sources.add(name + ":" + input.source());
      // an input that does not say where it came from is treated as coming from outside
      tainted |= input.source() == null || !trustedSources.contains(input.source());
      if (input.content() != null && !input.content().isEmpty()) {
        parts.add(input.content());
      }
      for (Map.Entry<String, String> field : new TreeMap<>(input.fields()).entrySet()) {
        if (CLASSIFICATION_FIELD.equals(field.getKey())) {
          declared = declared.atLeast(Classification.parse(name, field.getValue()));
        } else if (field.getValue() != null) {
          scanner.scan(field.getValue()).forEach(match -> kinds.add(match.kind()));
        }
      }
    }
    for (ToolResult result : request.toolResults()) {
      sources.add(result.tool() + ":" + TOOL_RESULT_SOURCE);
      tainted = true;
      parts.add(render(result));
    }

    String raw = String.join("\n", parts);
    List<PiiMatch> matches = scanner.scan(raw, subject);
    matches.forEach(match -> kinds.add(match.kind()));
    String redacted = new PiiTokens(subject).redact(raw, matches);

    Classification classification = classify(kinds).atLeast(declared);
    List<String> piiKinds =
        new ArrayList<>(new TreeSet<>(kinds.stream().map(PiiKind::label).toList()));
    DataLabels labels = new DataLabels(classification.name(), piiKinds, request.residency());
    return new Observation(
        request.step(), Sha256.hex(raw), redacted, labels, tainted, List.copyOf(sources));
  }

  /**
   * The subjects of the fields merged as the workflow merges them for the model (later inputs win),
   * first, so a chat backend that looks up the same fields numbers their ids alike; then those only
   * an overridden field names.
   */
  private KnownSubject subject(List<TaskInput> inputs) {
    Map<String, String> merged = new TreeMap<>();
    inputs.forEach(input -> merged.putAll(input.fields()));
    return subjects
        .subjectOf(List.of(merged))
        .and(subjects.subjectOf(inputs.stream().map(TaskInput::fields).toList()));
  }

  private static Classification classify(Set<PiiKind> kinds) {
    if (kinds.stream().anyMatch(PiiKind::restricted)) {
      return Classification.RESTRICTED;
    }
    return kinds.isEmpty() ? Classification.INTERNAL : Classification.CONFIDENTIAL;
  }

  /** {@code issue_refund: amountCents=1500, refundId=rf-...}, keys sorted for a stable hash. */
  private static String render(ToolResult result) {
    StringBuilder line = new StringBuilder(String.valueOf(result.tool())).append(":");
    String separator = " ";
    for (Map.Entry<String, String> entry : new TreeMap<>(result.output()).entrySet()) {
      line.append(separator).append(entry.getKey()).append('=').append(entry.getValue());
      separator = ", ";
    }
    return line.toString();
  }
}
