/**
 * Benchmarks of the in-process open-weight decision model: decision latency and throughput against
 * the MiniLM embedding alone, measured in the same run.
 */
package dev.charter.eval.model;
