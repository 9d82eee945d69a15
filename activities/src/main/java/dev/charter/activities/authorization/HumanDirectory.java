package dev.charter.activities.authorization;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who the humans are: each human id's tenant and roles. Roles come from here, never from the
 * approval request itself.
 *
 * @param humans human id to their record
 */
public record HumanDirectory(Map<String, Human> humans) {

  public HumanDirectory {
    humans = humans == null ? Map.of() : Map.copyOf(humans);
  }

  /** The human with this id, if any. */
  public Optional<Human> find(String humanId) {
    return humanId == null ? Optional.empty() : Optional.ofNullable(humans.get(humanId));
  }

  /**
   * One human.
   *
   * @param id their id, e.g. {@code dana.lead}
   * @param tenant the tenant they belong to
   * @param roles their roles, e.g. {@code support_lead}; kept sorted and distinct
   */
  public record Human(String id, String tenant, List<String> roles) {

    public Human {
      roles = roles == null ? List.of() : List.copyOf(new TreeSet<>(roles));
    }
  }
}
