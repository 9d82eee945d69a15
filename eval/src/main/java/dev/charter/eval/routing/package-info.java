/** Routing benchmarks: the governed route (Cedar + resilience) against a direct backend call. */
package dev.charter.eval.routing;
