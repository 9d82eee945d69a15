package dev.charter.activities.perception;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed tokens for one observation: the same value gets the same token ({@code <email:1>} each time
 * ana@example.com appears), numbered per kind in order of first appearance.
 */
final class PiiTokens {

  private final Map<PiiKind, Map<String, Integer>> numbers = new EnumMap<>(PiiKind.class);

  /** {@code text} with every match replaced by its token. */
  String redact(String text, List<PiiDetector.Match> matches) {
    StringBuilder redacted = new StringBuilder(text.length());
    int copied = 0;
    for (PiiDetector.Match match : matches) {
      redacted.append(text, copied, match.start()).append(token(match));
      copied = match.end();
    }
    return redacted.append(text.substring(copied)).toString();
  }

  private String token(PiiDetector.Match match) {
    Map<String, Integer> ofKind = numbers.computeIfAbsent(match.kind(), k -> new HashMap<>());
    int number = ofKind.computeIfAbsent(match.normalized(), v -> ofKind.size() + 1);
    return "<" + match.kind().tokenTag() + ":" + number + ">";
  }
}
