/**
 * Benchmarks and evaluation suites. JMH benchmarks live here and are run with {@code ./mvnw -B -pl
 * eval exec:exec -Djmh.args="<regex> ..."}; each one measures its baseline in the same run.
 */
package dev.charter.eval;
