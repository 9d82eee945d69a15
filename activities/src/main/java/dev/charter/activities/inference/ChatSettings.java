package dev.charter.activities.inference;

/**
 * How a chat backend is called and priced.
 *
 * @param modelId the model asked for, e.g. {@code gpt-4o-mini}
 * @param temperature sampling temperature
 * @param seed sampling seed where the API takes one, else null
 * @param weightsSha256 sha-256 of the weights for a self-hosted open-weight model, else null
 * @param inputUsdPerMillion price of a million input tokens
 * @param outputUsdPerMillion price of a million output tokens
 */
public record ChatSettings(
    String modelId,
    double temperature,
    Integer seed,
    String weightsSha256,
    double inputUsdPerMillion,
    double outputUsdPerMillion) {

  public ChatSettings {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException(
          "chat backend: model id is required, got `" + modelId + "`");
    }
    if (inputUsdPerMillion < 0 || outputUsdPerMillion < 0) {
      throw new IllegalArgumentException(
          "chat backend `"
              + modelId
              + "`: prices must be >= 0, got input "
              + inputUsdPerMillion
              + " output "
              + outputUsdPerMillion);
    }
  }

  /** The cost of one call from the price table. */
  double cost(int inputTokens, int outputTokens) {
    return (inputTokens * inputUsdPerMillion + outputTokens * outputUsdPerMillion) / 1_000_000.0;
  }
}
