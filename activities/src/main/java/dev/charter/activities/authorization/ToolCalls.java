package dev.charter.activities.authorization;

import dev.charter.contract.ToolCall;

/** The hash an approval binds to, so an approval never covers a different call. */
public final class ToolCalls {

  private ToolCalls() {}

  /**
   * sha-256 hex over {@code "tool\ntarget\nk=v\n..."} with the arguments sorted by name: equal
   * calls give equal hashes on every machine. It is {@link ToolCall#argumentsSha256()}, the hash
   * the workflow puts in pending and granted approvals, so the two can never disagree.
   */
  public static String argumentsSha256(ToolCall call) {
    return call.argumentsSha256();
  }
}
