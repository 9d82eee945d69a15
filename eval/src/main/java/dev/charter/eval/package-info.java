/**
 * Benchmarks and model comparisons. JMH benchmarks live here and are run with {@code ./mvnw -B -pl
 * eval exec:exec -Djmh.args="<regex> ..."}; each one measures its baseline in the same run. The
 * scenario suites and {@code charter eval} live in starter ({@code dev.charter.starter.eval}): the
 * {@code charter} command is built there and may not depend on this module (docs/eval.md).
 */
package dev.charter.eval;
