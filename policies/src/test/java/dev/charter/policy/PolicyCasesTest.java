package dev.charter.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case under {@code cases/{ALLOW,DENY,APPROVAL}} against the demo bundle. */
class PolicyCasesTest {

  private static PolicyEngine engine;

  @BeforeAll
  static void loadBundle() throws BundleException {
    engine = new PolicyEngine(PolicyBundle.loadClasspath("policies/support-desk"));
  }

  static List<PolicyCase> cases() throws Exception {
    return PolicyCase.loadAll(casesRoot());
  }

  private static Path casesRoot() throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(PolicyCasesTest.class.getClassLoader().getResource("cases"))
            .toURI());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_give_the_expected_verdict_when_running_a_policy_case(PolicyCase policyCase) {
    PolicyDecision decision = engine.decide(policyCase.request());

    assertThat(policyCase.mismatch(decision)).isEmpty();
    assertThat(decision.bundleId()).isEqualTo(engine.bundle().id());
  }

  @Test
  void should_cover_every_outcome_and_every_policy_when_cases_are_loaded() throws Exception {
    List<PolicyCase> cases = cases();

    assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
    assertThat(cases)
        .extracting(PolicyCase::expectedOutcome)
        .contains(Verdict.ALLOW, Verdict.DENY, Verdict.REQUIRE_APPROVAL);
    List<String> determining =
        cases.stream().flatMap(c -> c.expectedDeterminingPolicies().stream()).toList();
    assertThat(determining)
        .containsAll(engine.bundle().policies().stream().map(PolicyInfo::id).toList());
  }
}
