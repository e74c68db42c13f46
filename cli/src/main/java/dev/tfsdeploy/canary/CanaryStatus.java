package dev.tfsdeploy.canary;

import java.util.Optional;

/**
 * What the cluster says about a canary, from its Deployment's annotations and both Deployments.
 *
 * @param stable the stable Deployment's name
 * @param mode how traffic is split
 * @param percent the share asked for
 * @param canaryImage what the canary runs
 * @param stableImage what stable runs
 * @param canaryReady ready canary pods
 * @param stableReplicasBefore what stable ran before the canary (restored on abort)
 * @param verdict the last analysis' verdict, if any ran
 */
public record CanaryStatus(
    String stable,
    CanaryMode mode,
    String percent,
    String canaryImage,
    String stableImage,
    int canaryReady,
    int stableReplicasBefore,
    Optional<String> verdict) {}
