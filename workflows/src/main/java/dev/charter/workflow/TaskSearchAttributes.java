package dev.charter.workflow;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Search attributes every task carries so the Temporal Web UI and {@code temporal workflow list
 * --query} can filter tasks. Workers register them at start-up; on a cluster an operator can create
 * them once with {@code temporal operator search-attribute create}.
 */
public final class TaskSearchAttributes {

  /** LOW, MEDIUM or HIGH, from the pinned profile. */
  public static final SearchAttributeKey<String> RISK_TIER =
      SearchAttributeKey.forKeyword("CharterRiskTier");

  /** Backends that answered so far, in order of first use. */
  public static final SearchAttributeKey<List<String>> BACKEND =
      SearchAttributeKey.forKeywordList("CharterBackend");

  /** sha-256 of the pinned policy bundle. */
  public static final SearchAttributeKey<String> BUNDLE_ID =
      SearchAttributeKey.forKeyword("CharterBundleId");

  /** Whether the task waits for a human right now. */
  public static final SearchAttributeKey<Boolean> PENDING_APPROVAL =
      SearchAttributeKey.forBoolean("CharterPendingApproval");

  /** The tenant the task acts for. */
  public static final SearchAttributeKey<String> TENANT =
      SearchAttributeKey.forKeyword("CharterTenant");

  /**
   * The task's state ({@code TaskState} name): RUNNING, WAITING_APPROVAL, then how it ended
   * (COMPLETED, DENIED, FAILED, REJECTED, ...), so an ended task is findable by its outcome without
   * opening its result (a task that ends DENIED is still a Completed workflow to Temporal).
   */
  public static final SearchAttributeKey<String> STATE =
      SearchAttributeKey.forKeyword("CharterState");

  /** All of them, for registration. */
  public static final List<SearchAttributeKey<?>> ALL =
      List.of(RISK_TIER, BACKEND, BUNDLE_ID, PENDING_APPROVAL, TENANT, STATE);

  private TaskSearchAttributes() {}
}
