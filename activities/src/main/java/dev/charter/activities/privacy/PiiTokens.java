package dev.charter.activities.privacy;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed tokens for one observation: the same value gets the same token ({@code <email:1>} each time
 * ana@example.com appears), numbered per kind in order of first appearance.
 */
public final class PiiTokens {

  private final Map<PiiKind, Map<String, Integer>> numbers = new EnumMap<>(PiiKind.class);

  /** {@code text} with every match (in order of position, no overlaps) replaced by its token. */
  public String redact(String text, List<PiiMatch> matches) {
    StringBuilder redacted = new StringBuilder(text.length());
    int copied = 0;
    for (PiiMatch match : matches) {
      redacted.append(text, copied, match.start()).append(token(match));
      copied = match.end();
    }
    return redacted.append(text.substring(copied)).toString();
  }

  private String token(PiiMatch match) {
    Map<String, Integer> ofKind = numbers.computeIfAbsent(match.kind(), k -> new HashMap<>());
    int number = ofKind.computeIfAbsent(match.normalized(), v -> ofKind.size() + 1);
    return "<" + match.kind().tokenTag() + ":" + number + ">";
  }
}
