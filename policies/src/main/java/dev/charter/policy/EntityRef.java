package dev.charter.policy;

import java.util.Objects;

/**
 * A Cedar entity uid: a type such as {@code Shop::Order} and an id such as {@code 1002}.
 *
 * @param type the entity type, namespaced with {@code ::}
 * @param id the entity id, any string
 */
public record EntityRef(String type, String id) {

  public EntityRef {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    if (!type.matches("[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*")) {
      throw new IllegalArgumentException("entity type `" + type + "` is not a Cedar type name");
    }
  }

  /** This uid in Cedar syntax, e.g. {@code Shop::Order::"1002"}. */
  public String toCedar() {
    return type + "::\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * Reads a uid written in Cedar syntax, e.g. {@code Shop::Order::"1002"}.
   *
   * @throws IllegalArgumentException quoting the text when it is not a Cedar uid
   */
  public static EntityRef parse(String cedarUid) {
    if (cedarUid == null) {
      throw new IllegalArgumentException("entity uid is missing");
    }
    // The type never contains a quote, so the first `::"` ends it.
    int split = cedarUid.indexOf("::\"");
    if (split <= 0 || !cedarUid.endsWith("\"") || cedarUid.length() < split + 4) {
      throw new IllegalArgumentException(
          "`" + cedarUid + "` is not a Cedar entity uid like Shop::Order::\"1002\"");
    }
    String quoted = cedarUid.substring(split + 3, cedarUid.length() - 1);
    StringBuilder id = new StringBuilder(quoted.length());
    for (int i = 0; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      if (c == '\\' && i + 1 < quoted.length()) {
        id.append(quoted.charAt(++i));
      } else if (c == '"' || c == '\\') {
        throw new IllegalArgumentException(
            "`" + cedarUid + "` is not a Cedar entity uid: unescaped `" + c + "` in its id");
      } else {
        id.append(c);
      }
    }
    try {
      return new EntityRef(cedarUid.substring(0, split), id.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "`" + cedarUid + "` is not a Cedar entity uid: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return toCedar();
  }
}
