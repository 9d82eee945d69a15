/**
 * The in-process open-weight decision model measured: decision latency and throughput against the
 * MiniLM embedding alone in the same run, and the versions side by side on the independent set of
 * hand-written tickets ({@link dev.charter.eval.model.IndependentSetComparison}).
 */
package dev.charter.eval.model;
