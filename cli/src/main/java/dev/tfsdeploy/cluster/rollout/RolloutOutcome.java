package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * How waiting for a rollout ended: complete, or failed with the reason (deadline exceeded, timed
 * out, Deployment deleted) and the Deployment as last seen.
 */
public record RolloutOutcome(boolean complete, String reason, Deployment deployment) {
  static RolloutOutcome complete(Deployment deployment) {
    return new RolloutOutcome(true, null, deployment);
  }

  static RolloutOutcome failed(String reason, Deployment deployment) {
    return new RolloutOutcome(false, reason, deployment);
  }
}
