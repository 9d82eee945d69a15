package dev.charter.workflow.determinism.planted;

/** A workflow helper that reads the wall clock — exactly what replay cannot reproduce. */
final class PlantedClock {
  private PlantedClock() {}

  static long stamp() {
    return System.currentTimeMillis();
  }
}
