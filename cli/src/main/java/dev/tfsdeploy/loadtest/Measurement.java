package dev.tfsdeploy.loadtest;

/**
 * A run's result and what the server alone took.
 *
 * @param result what the run measured; in open loop its latencies count from each request's
 *     intended send time
 * @param sentP99Ms the p99 latency of the successful requests counted from when each was actually
 *     sent, in milliseconds (0 when none succeeded). In open loop the difference from the result's
 *     p99 is the generator's own lateness: a late wake-up, or a wait for a free connection.
 */
public record Measurement(LoadResult result, double sentP99Ms) {}
