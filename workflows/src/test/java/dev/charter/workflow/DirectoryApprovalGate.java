package dev.charter.workflow;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.PendingApproval;
import dev.charter.workflow.activity.ApprovalGate;
import java.security.PublicKey;
import java.util.Map;
import java.util.Set;

/**
 * An approval gate over a fixed directory of humans and their roles, standing in for the Cedar
 * {@code approve} check: a human may answer in a role the approval names and that they hold.
 */
final class DirectoryApprovalGate implements ApprovalGate {

  private final Map<String, Set<String>> rolesByHuman;
  private final PublicKey trusted;

  /** A gate that trusts no approval token issuer. */
  DirectoryApprovalGate(Map<String, Set<String>> rolesByHuman) {
    this(rolesByHuman, null);
  }

  /**
   * @param trusted the public key of the approval token issuer trusted
   */
  DirectoryApprovalGate(Map<String, Set<String>> rolesByHuman, PublicKey trusted) {
    this.rolesByHuman = Map.copyOf(rolesByHuman);
    this.trusted = trusted;
  }

  @Override
  public Check verifyToken(String compactJws) {
    return trusted == null
        ? ApprovalGate.super.verifyToken(compactJws)
        : ApprovalTokens.verify(compactJws, trusted);
  }

  /** The roles {@code human} holds, sorted. */
  java.util.SortedSet<String> roles(String human) {
    return new java.util.TreeSet<>(rolesByHuman.getOrDefault(human, Set.of()));
  }

  @Override
  public Check authorize(ApprovalRequest request, PendingApproval pending) {
    String role = request.role() != null ? request.role() : pending.requiredRoles().get(0);
    if (!pending.requiredRoles().contains(role)) {
      return Check.refuse(
          "approval `"
              + pending.approvalId()
              + "` asks for one of "
              + pending.requiredRoles()
              + ", not role `"
              + role
              + "`");
    }
    if (!rolesByHuman.getOrDefault(request.approver(), Set.of()).contains(role)) {
      return Check.refuse(
          "human `" + request.approver() + "` does not hold role `" + role + "` to answer");
    }
    return Check.allow(role);
  }
}
