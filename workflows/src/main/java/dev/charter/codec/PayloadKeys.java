package dev.charter.codec;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys payloads are encrypted with, by key id, oldest first. The newest (last) key
 * encrypts; every key decrypts, so a key is rotated by appending a new one and removed only once no
 * history that Charter still reads holds payloads under it.
 *
 * <p>Text form (a secret file, or the {@value #ENVIRONMENT} variable): one {@code id=base64} entry
 * per line or comma-separated, {@code #} starts a comment line. Keys never come from application
 * YAML: configuration files get committed and copied, secrets must not.
 *
 * <p>{@link #toString()} names the key ids only; the material never appears in a message.
 */
public final class PayloadKeys {

  /** Environment variable holding the keys in text form. */
  public static final String ENVIRONMENT = "CHARTER_PAYLOAD_KEYS";

  /** AES-256. */
  static final int KEY_BYTES = 32;

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SecretKey> keys;
  private final String newest;

  private PayloadKeys(Map<String, SecretKey> keys) {
    this.keys = Collections.unmodifiableMap(keys);
    this.newest = new ArrayList<>(keys.keySet()).get(keys.size() - 1);
  }

  /**
   * Parses the text form.
   *
   * @param text {@code id=base64} entries, by line or comma, oldest first
   * @param source where the text came from, for error messages (a file path, the variable name)
   * @throws IllegalArgumentException naming the source and the bad entry's id or line, never the
   *     key material
   */
  public static PayloadKeys parse(String text, String source) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    int entry = 0;
    for (String raw : text.split("[\\n,]")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      entry++;
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "payload keys in "
                + source
                + ": entry "
                + entry
                + " is not `id=base64-key` (no key id before `=`)");
      }
      String id = line.substring(0, eq).strip();
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "payload keys in "
                + source
                + ": key id `"
                + id
                + "` must be 1-64 of letters, digits, `.`, `_`, `-`");
      }
      byte[] material;
      try {
        material = Base64.getDecoder().decode(line.substring(eq + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "payload keys in " + source + ": key `" + id + "` is not valid base64");
      }
      if (material.length != KEY_BYTES) {
        throw new IllegalArgumentException(
            "payload keys in "
                + source
                + ": key `"
                + id
                + "` must be "
                + KEY_BYTES
                + " bytes (AES-256), got "
                + material.length);
      }
      if (keys.put(id, new SecretKeySpec(material, "AES")) != null) {
        throw new IllegalArgumentException(
            "payload keys in " + source + ": key id `" + id + "` appears twice");
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("payload keys in " + source + ": no key found");
    }
    return new PayloadKeys(keys);
  }

  /** The keys of {@value #ENVIRONMENT} in {@code environment}, if it is set and not blank. */
  public static Optional<PayloadKeys> fromEnvironment(Map<String, String> environment) {
    String text = environment.get(ENVIRONMENT);
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(parse(text, "environment variable " + ENVIRONMENT));
  }

  /** A fresh random key under {@code id}, e.g. for a local dev key or a rotation. */
  public static String generateEntry(String id) {
    if (!KEY_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "key id `" + id + "` must be 1-64 of letters, digits, `.`, `_`, `-`");
    }
    byte[] material = new byte[KEY_BYTES];
    RANDOM.nextBytes(material);
    return id + "=" + Base64.getEncoder().encodeToString(material);
  }

  /** The id of the key that encrypts. */
  public String newestId() {
    return newest;
  }

  /** Every key id, oldest first. */
  public List<String> ids() {
    return List.copyOf(keys.keySet());
  }

  SecretKey newestKey() {
    return keys.get(newest);
  }

  Optional<SecretKey> key(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** Key ids only. */
  @Override
  public String toString() {
    return "PayloadKeys" + ids() + " newest=" + newest;
  }
}
