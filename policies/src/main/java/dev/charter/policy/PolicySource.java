package dev.charter.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * One policy's text cut out of a {@code .cedar} file, with where it starts and the comment above
 * it.
 *
 * <p>Cedar ends every policy with a {@code ;} that cannot occur elsewhere except inside strings and
 * comments, so a small scanner is enough to cut a file into policies while keeping line numbers,
 * which the native parser does not report.
 */
record PolicySource(String text, int line, String comment) {

  /** Cuts a file's text into policies; trailing text without {@code ;} is kept as a policy. */
  static List<PolicySource> split(String fileText) {
    List<PolicySource> out = new ArrayList<>();
    StringBuilder comment = new StringBuilder();
    int line = 1;
    int start = -1;
    int startLine = 0;
    String startComment = "";
    boolean inString = false;
    for (int i = 0; i < fileText.length(); i++) {
      char c = fileText.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        } else if (c == '\n') {
          line++;
        }
        continue;
      }
      if (c == '/' && i + 1 < fileText.length() && fileText.charAt(i + 1) == '/') {
        int end = fileText.indexOf('\n', i);
        end = end < 0 ? fileText.length() : end;
        if (start < 0) {
          if (comment.length() > 0) {
            comment.append(' ');
          }
          comment.append(fileText, i + 2, end);
        }
        i = end - 1;
        continue;
      }
      if (c == '\n') {
        line++;
        // A blank line detaches a comment from the policy below it.
        if (start < 0 && i + 1 < fileText.length() && blankLineFollows(fileText, i + 1)) {
          comment.setLength(0);
        }
        continue;
      }
      if (Character.isWhitespace(c)) {
        continue;
      }
      if (start < 0) {
        start = i;
        startLine = line;
        startComment = comment.toString().trim();
        comment.setLength(0);
      }
      if (c == '"') {
        inString = true;
      } else if (c == ';') {
        out.add(new PolicySource(fileText.substring(start, i + 1), startLine, startComment));
        start = -1;
      }
    }
    if (start >= 0) {
      out.add(new PolicySource(fileText.substring(start), startLine, startComment));
    }
    return out;
  }

  private static boolean blankLineFollows(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        return true;
      }
      if (!Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }

  /** The file line of a character offset inside this policy's text. */
  int lineOf(int offset) {
    int l = line;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        l++;
      }
    }
    return l;
  }
}
