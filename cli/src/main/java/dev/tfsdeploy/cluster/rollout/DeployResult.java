package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

/**
 * A deploy that went through: the objects as the server has them after the apply (or would have
 * them, after a dry run), the Deployment as its rollout completed, and what was pruned (or would
 * be).
 */
public record DeployResult(
    List<HasMetadata> applied, Deployment deployment, List<ObjectRef> pruned, boolean dryRun) {}
