package dev.charter.worker;

import dev.charter.activities.inference.InProcessInferenceActivities;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Models, routes and the agent profiles that use them: {@code charter.backends.*}, {@code
 * charter.routing.*}, {@code charter.routes.*} and {@code charter.profiles.*}. Field checks run at
 * bind time; what needs several fields (a remote backend's URL and model, a route naming configured
 * backends) when the backends and routes are built ({@link InferenceConfiguration}), and a
 * profile's own rules (risk tier, tools, positive budgets) in {@code ProfileCatalog}, the one place
 * that knows them.
 *
 * @param backends model backends by name
 * @param profiles agent profiles by name; each names its route of backends
 * @param routing resilience of backend calls and canary rollback thresholds
 * @param routes canary arm and shadow backend per route (agent profile name)
 */
@Validated
@ConfigurationProperties("charter")
public record InferenceProperties(
    Map<String, @Valid Backend> backends,
    Map<String, @Valid Profile> profiles,
    @DefaultValue @Valid Routing routing,
    Map<String, @Valid Route> routes) {

  private static final String POSITIVE = "must be positive, got `${validatedValue}`";
  private static final String AT_LEAST_ONE = "must be at least 1, got `${validatedValue}`";
  private static final String RATE = "must be between 0 and 1, got `${validatedValue}`";
  private static final String NOT_NEGATIVE = "must not be negative, got `${validatedValue}`";

  public InferenceProperties {
    backends = backends == null ? Map.of() : backends;
    profiles = profiles == null ? Map.of() : profiles;
    routes = routes == null ? Map.of() : routes;
  }

  /**
   * @param hosting {@code in_process}, {@code self_hosted} or {@code closed_api}
   * @param vendor the model's maker
   * @param region where it runs
   * @param retainsData whether the backend keeps what it is sent
   * @param protocol chat protocol of a remote backend: {@code openai} (OpenAI and any
   *     OpenAI-compatible server: vLLM, Ollama, llama.cpp) or {@code anthropic}
   * @param baseUrl the API base URL, e.g. {@code http://127.0.0.1:8000/v1}; required for remote
   *     backends
   * @param model the model id asked for (remote, required), or the in-process model version ({@code
   *     v2}; default: the shipped default)
   * @param apiKeyEnv environment variable holding the API key (keys never go in config files)
   * @param apiKeyFile secret file holding the API key, read when the variable is unset
   * @param temperature sampling temperature, 0 or more
   * @param seed sampling seed where the API takes one
   * @param weightsSha256 sha-256 of the weights of a self-hosted open-weight model
   * @param inputUsdPerMillion price of a million input tokens
   * @param outputUsdPerMillion price of a million output tokens
   */
  public record Backend(
      @NotNull(message = "must be in_process, self_hosted or closed_api, got `${validatedValue}`")
          @Pattern(
              regexp = "in_process|self_hosted|closed_api",
              message = "must be in_process, self_hosted or closed_api, got `${validatedValue}`")
          String hosting,
      String vendor,
      String region,
      @DefaultValue("false") boolean retainsData,
      @DefaultValue("openai")
          @Pattern(
              regexp = "openai|anthropic",
              message = "must be openai or anthropic, got `${validatedValue}`")
          String protocol,
      String baseUrl,
      String model,
      String apiKeyEnv,
      String apiKeyFile,
      @DefaultValue("0") @DecimalMin(value = "0", message = NOT_NEGATIVE) double temperature,
      Integer seed,
      @Pattern(
              regexp = "[0-9a-f]{64}",
              message = "must be 64 lower-case hex digits, got `${validatedValue}`")
          String weightsSha256,
      @DefaultValue("0") @DecimalMin(value = "0", message = NOT_NEGATIVE) double inputUsdPerMillion,
      @DefaultValue("0") @DecimalMin(value = "0", message = NOT_NEGATIVE)
          double outputUsdPerMillion) {

    /** Whether the backend is a remote API (self_hosted or closed_api). */
    boolean remote() {
      return !InProcessInferenceActivities.IN_PROCESS.equals(hosting);
    }
  }

  /**
   * @param stepLatencyBudget time one backend may take for a step before the next is tried
   * @param breakerWindow calls in each backend's circuit-breaker window
   * @param breakerMinimumCalls calls before a breaker may open
   * @param breakerFailureRatePercent failure rate (0..100) that opens a breaker
   * @param breakerOpenWait how long a breaker stays open before half-open probes
   * @param breakerHalfOpenCalls probe calls when half-open
   * @param maxConcurrentCalls bulkhead: concurrent calls per backend
   * @param rollbackWindow canary calls kept per route for automatic rollback
   * @param rollbackMinimumCalls canary calls before a rollback may trigger
   * @param rollbackMaxErrorRate canary error rate (0..1) that triggers a rollback
   * @param rollbackMaxP95 canary p95 latency that triggers a rollback
   * @param rollbackMaxDenyRate share (0..1) of DENY tool verdicts of canary-pinned tasks that
   *     triggers a rollback
   */
  public record Routing(
      @DefaultValue("30s") @DurationMin(millis = 1, message = POSITIVE) Duration stepLatencyBudget,
      @DefaultValue("10") @Min(value = 1, message = AT_LEAST_ONE) int breakerWindow,
      @DefaultValue("5") @Min(value = 1, message = AT_LEAST_ONE) int breakerMinimumCalls,
      @DefaultValue("50")
          @DecimalMin(value = "0", inclusive = false, message = PERCENT)
          @DecimalMax(value = "100", message = PERCENT)
          float breakerFailureRatePercent,
      @DefaultValue("30s") @DurationMin(millis = 1, message = POSITIVE) Duration breakerOpenWait,
      @DefaultValue("2") @Min(value = 1, message = AT_LEAST_ONE) int breakerHalfOpenCalls,
      @DefaultValue("8") @Min(value = 1, message = AT_LEAST_ONE) int maxConcurrentCalls,
      @DefaultValue("20") @Min(value = 1, message = AT_LEAST_ONE) int rollbackWindow,
      @DefaultValue("5") @Min(value = 1, message = AT_LEAST_ONE) int rollbackMinimumCalls,
      @DefaultValue("0.5")
          @DecimalMin(value = "0", message = RATE)
          @DecimalMax(value = "1", message = RATE)
          double rollbackMaxErrorRate,
      @DefaultValue("10s") @DurationMin(millis = 1, message = POSITIVE) Duration rollbackMaxP95,
      @DefaultValue("0.5")
          @DecimalMin(value = "0", message = RATE)
          @DecimalMax(value = "1", message = RATE)
          double rollbackMaxDenyRate) {

    private static final String PERCENT = "must be in (0, 100], got `${validatedValue}`";
  }

  /**
   * @param canary the canary arm's backends, in order
   * @param canaryPercent share of new tasks (0..100) pinned to the canary arm
   * @param shadow a backend that gets the same step input where Cedar permits, never acted on
   */
  public record Route(
      List<String> canary,
      @DefaultValue("0")
          @Min(value = 0, message = "must be 0..100, got `${validatedValue}`")
          @Max(value = 100, message = "must be 0..100, got `${validatedValue}`")
          int canaryPercent,
      String shadow) {

    public Route {
      canary = canary == null ? List.of() : canary;
    }
  }

  /**
   * @param version version pinned by each task
   * @param tenant tenant its agents act for
   * @param riskTier LOW, MEDIUM or HIGH
   * @param residency data residency region
   * @param tools tools its agents may propose
   * @param route backends to try, in order
   * @param budgets per-task limits
   * @param pinForward {@code pin-forward: true} moves a running task's policy bundle pin to the
   *     active bundle at each step boundary (audited as {@code task.pin_moved}); by default a task
   *     keeps the bundle it started with (always held to the stricter of it and the active one)
   * @param sources the input sources its callers may declare (e.g. {@code customer_email}); unset:
   *     any source but the trusted ones ({@code operator}, {@code system}), which only a profile
   *     that lists them lets a caller claim
   */
  public record Profile(
      String version,
      String tenant,
      String riskTier,
      String residency,
      List<String> tools,
      List<String> route,
      Budgets budgets,
      @DefaultValue("false") boolean pinForward,
      List<String> sources) {

    public Profile {
      tools = tools == null ? List.of() : tools;
      route = route == null ? List.of() : route;
    }
  }

  /**
   * @param maxSteps steps per task
   * @param maxTokens model tokens per task
   * @param maxCostUsd model cost per task
   * @param maxWallClockSeconds wall clock per task
   * @param approvalTimeoutSeconds how long an approval may wait
   * @param stepsPerRun steps one workflow run takes before a long task continues as new
   */
  public record Budgets(
      @DefaultValue("10") int maxSteps,
      @DefaultValue("50000") long maxTokens,
      @DefaultValue("1.0") double maxCostUsd,
      @DefaultValue("86400") long maxWallClockSeconds,
      @DefaultValue("86400") long approvalTimeoutSeconds,
      @DefaultValue("100") int stepsPerRun) {}
}
