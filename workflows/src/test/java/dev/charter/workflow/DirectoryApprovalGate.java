package dev.charter.workflow;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.PendingApproval;
import dev.charter.workflow.activity.ApprovalGate;
import java.util.Map;
import java.util.Set;

/**
 * An approval gate over a fixed directory of humans and their roles, standing in for the Cedar
 * {@code approve} check: a human may answer in a role the approval names and that they hold.
 */
final class DirectoryApprovalGate implements ApprovalGate {

  private final Map<String, Set<String>> rolesByHuman;

  DirectoryApprovalGate(Map<String, Set<String>> rolesByHuman) {
    this.rolesByHuman = Map.copyOf(rolesByHuman);
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
