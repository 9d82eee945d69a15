package dev.charter.activities.authorization;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
   * @param tenant the tenant they belong to
   * @param roles their roles, e.g. {@code support_lead}
   */
  public record Human(String tenant, Set<String> roles) {

    public Human {
      roles = roles == null ? Set.of() : Set.copyOf(roles);
    }
  }
}
