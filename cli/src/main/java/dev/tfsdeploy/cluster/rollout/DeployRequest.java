package dev.tfsdeploy.cluster.rollout;

import java.time.Duration;
import java.util.Optional;

/**
 * One deploy: the rendered manifests, which Deployment in them is the TF Serving one (empty: the
 * only one), the provenance to stamp, how long the rollout may take, and whether a failed rollout
 * is rolled back.
 */
public record DeployRequest(
    Manifests manifests,
    Optional<String> deploymentName,
    RolloutProvenance provenance,
    Duration timeout,
    boolean rollBackOnFailure) {}
