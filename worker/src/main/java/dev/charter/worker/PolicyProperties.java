package dev.charter.worker;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The rules in force and the people they name: {@code charter.policy.*} and {@code
 * charter.humans.*}.
 *
 * @param policy the policy bundle active at start and the tenant it governs
 * @param humans people who may start tasks, approve, read the audit trail or manage policy, by id
 *     (the Cedar {@code Charter::Human} principals)
 */
@Validated
@ConfigurationProperties("charter")
public record PolicyProperties(
    @DefaultValue @Valid Policy policy, Map<String, @Valid Human> humans) {

  public PolicyProperties {
    humans = humans == null ? Map.of() : humans;
  }

  /**
   * @param bundle the bundle active at start: {@code classpath:policies/support-desk} or a
   *     directory path; others are loaded at run time through {@code POST /api/policy/bundles}
   * @param tenant the tenant whose policies this worker runs: who may {@code manage_policy} is
   *     decided for a task of this tenant
   * @param onPolicyError what a verdict does when a policy fails to evaluate (overflow, an entity
   *     not loaded): {@code deny} (fail closed, the default: any erroring policy denies, and the
   *     verdict records {@code failClosed} with Cedar's own outcome) or {@code cedar} (Cedar's
   *     decision stands; the erroring policy does not apply). Either way the verdict lists the
   *     erroring policies apart from the determining ones
   * @param maxCachedEntries natively cached Cedar policy sets and schemas the bundle registry keeps
   *     live (gauge {@code charter.policy.native_cache.entries}); past it, bundles neither active
   *     nor shadowing are freed, and prepared again when a pinned task needs them. Keep it under
   *     cedar-java's own cap ({@code -Dcedar.cache.maxPolicySets}, 1,024 by default)
   */
  public record Policy(
      @DefaultValue("classpath:policies/support-desk")
          @NotBlank(message = "must name a bundle directory or classpath:, got `${validatedValue}`")
          String bundle,
      @DefaultValue("acme-shop") @NotBlank(message = "must name a tenant, got `${validatedValue}`")
          String tenant,
      @DefaultValue("deny")
          @Pattern(
              regexp = "(?i)deny|cedar",
              message = "must be `deny` or `cedar`, got `${validatedValue}`")
          String onPolicyError,
      @DefaultValue("512") @Min(value = 1, message = "must be at least 1, got `${validatedValue}`")
          int maxCachedEntries) {}

  /**
   * @param tenant the tenant the human belongs to
   * @param roles roles held (Cedar {@code Charter::Role} entities)
   */
  public record Human(
      @NotBlank(message = "must name the human's tenant, got `${validatedValue}`") String tenant,
      List<String> roles) {

    public Human {
      roles = roles == null ? List.of() : roles;
    }
  }
}
