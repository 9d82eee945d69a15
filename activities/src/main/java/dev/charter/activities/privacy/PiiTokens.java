package dev.charter.activities.privacy;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed tokens for one observation: the same value gets the same token ({@code <email:1>} each time
 * ana@example.com appears), numbered per kind in order of first appearance. The tokens this
 * instance minted can be {@linkplain #restore restored} to their originals, which live only in this
 * instance's memory.
 */
public final class PiiTokens {

  private static final Pattern TOKEN = Pattern.compile("<([a-z-]+):(\\d+)>");

  private final Map<PiiKind, Map<String, Integer>> numbers = new EnumMap<>(PiiKind.class);
  private final Map<PiiKind, Integer> taken = new EnumMap<>(PiiKind.class);
  private final Map<String, String> originals = new HashMap<>();
  private final KnownSubject subject;

  /** Tokens numbered from 1 for each kind, with no known subject. */
  public PiiTokens() {
    this(KnownSubject.NONE);
  }

  /**
   * @param subject the task's known subject, whose ids are numbered by their place in it
   */
  public PiiTokens(KnownSubject subject) {
    this.subject = subject;
  }

  /**
   * Tokens numbered after those already in {@code redacted} (text another instance redacted), so a
   * new token never reads as one of the old ones; {@code subject}'s ids keep their own numbers.
   */
  public static PiiTokens after(String redacted, KnownSubject subject) {
    PiiTokens tokens = new PiiTokens(subject);
    if (redacted == null) {
      return tokens;
    }
    Matcher token = TOKEN.matcher(redacted);
    while (token.find()) {
      for (PiiKind kind : PiiKind.values()) {
        if (kind.tokenTag().equals(token.group(1))) {
          int number = Integer.parseInt(token.group(2));
          tokens.taken.merge(kind, number, Math::max);
        }
      }
    }
    return tokens;
  }

  /**
   * {@code text} with each token this instance minted replaced by the value it stands for (its
   * first spelling), and each subject id token by the id as the record spells it; other tokens and
   * text are left as they are.
   */
  public String restore(String text) {
    if (text == null || (originals.isEmpty() && subject.ids().isEmpty())) {
      return text;
    }
    Matcher token = TOKEN.matcher(text);
    StringBuilder restored = new StringBuilder(text.length());
    while (token.find()) {
      String original = originals.get(token.group());
      if (original == null && PiiKind.CUSTOMER_ID.tokenTag().equals(token.group(1))) {
        int place = Integer.parseInt(token.group(2));
        original = place <= subject.ids().size() ? subject.ids().get(place - 1) : null;
      }
      token.appendReplacement(
          restored, Matcher.quoteReplacement(original == null ? token.group() : original));
    }
    token.appendTail(restored);
    return restored.toString();
  }

  /** {@code text} with every match (in order of position, no overlaps) replaced by its token. */
  public String redact(String text, List<PiiMatch> matches) {
    StringBuilder redacted = new StringBuilder(text.length());
    int copied = 0;
    for (PiiMatch match : matches) {
      redacted
          .append(text, copied, match.start())
          .append(token(match, text.substring(match.start(), match.end())));
      copied = match.end();
    }
    return redacted.append(text.substring(copied)).toString();
  }

  private String token(PiiMatch match, String original) {
    if (match.kind() == PiiKind.CUSTOMER_ID) {
      List<String> ids = subject.ids();
      for (int i = 0; i < ids.size(); i++) {
        if (KnownValues.folded(ids.get(i)).equals(match.normalized())) {
          return "<" + match.kind().tokenTag() + ":" + (i + 1) + ">";
        }
      }
    }
    Map<String, Integer> ofKind = numbers.computeIfAbsent(match.kind(), k -> new HashMap<>());
    int offset = taken.getOrDefault(match.kind(), 0);
    int number = ofKind.computeIfAbsent(match.normalized(), v -> offset + ofKind.size() + 1);
    String token = "<" + match.kind().tokenTag() + ":" + number + ">";
    originals.putIfAbsent(token, original);
    return token;
  }
}
