package dev.charter.worker;

import dev.charter.model.IntentModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The open-weight decision models loaded in this worker, by version, so a canary arm can run v2
 * beside v1. Closes what it loaded; the default model is closed by its own bean.
 */
public final class InProcessModels implements AutoCloseable {

  private final IntentModel defaultModel;
  private final Map<String, IntentModel> loaded = new LinkedHashMap<>();

  InProcessModels(IntentModel defaultModel) {
    this.defaultModel = defaultModel;
  }

  /**
   * The model of a version; null or the default's version gives the default model.
   *
   * @throws IllegalArgumentException naming the version when no such model ships
   */
  public synchronized IntentModel forVersion(String version) {
    if (version == null || version.isBlank() || version.equals(defaultModel.card().version())) {
      return defaultModel;
    }
    return loaded.computeIfAbsent(
        version,
        v -> {
          IntentModel model = IntentModel.load(v);
          model.warmUp();
          return model;
        });
  }

  @Override
  public synchronized void close() {
    loaded.values().forEach(IntentModel::close);
    loaded.clear();
  }
}
