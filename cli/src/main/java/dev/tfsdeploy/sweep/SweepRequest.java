package dev.tfsdeploy.sweep;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.experiments.Experiments;
import dev.tfsdeploy.loadtest.CapacityRequest;
import dev.tfsdeploy.loadtest.RequestBody;
import dev.tfsdeploy.pipeline.ClusterConnection;
import dev.tfsdeploy.pipeline.ServingRollout;
import dev.tfsdeploy.pricing.PriceTable;
import java.time.Duration;
import java.util.List;

/**
 * What an experiments sweep measures and how.
 *
 * @param experiments the experiments, in the order given
 * @param kubeDir where they are
 * @param image the TF Serving image every experiment runs
 * @param modelName the served model
 * @param namespacePrefix each experiment's namespace is {@code <prefix>-<experiment>}
 * @param sweepId labels the namespaces ({@value SweepNamespaces#SWEEP_LABEL})
 * @param cluster the kubeconfig and context (its namespace is not used)
 * @param rollout how each experiment is rolled out and smoke-checked (and its GKE mode)
 * @param capacity the capacity search run against each experiment
 * @param body the predict body every request sends
 * @param inCluster load workers in the cluster, or null for a port-forward
 * @param parallel how many experiments run at once
 * @param keep leave the namespaces in place
 * @param prices the price table
 * @param region whose prices apply
 */
public record SweepRequest(
    List<String> experiments,
    Experiments kubeDir,
    String image,
    String modelName,
    String namespacePrefix,
    String sweepId,
    ClusterConnection cluster,
    ServingRollout.Settings rollout,
    CapacityRequest capacity,
    RequestBody body,
    InCluster inCluster,
    int parallel,
    boolean keep,
    PriceTable prices,
    String region) {

  /**
   * Load from workers in a Kubernetes Job next to each experiment.
   *
   * @param workerImage the workers' image (this CLI on a JRE)
   * @param workers how many workers share each step's load
   * @param startDelay how long after each Job is created its workers start
   */
  public record InCluster(String workerImage, int workers, Duration startDelay) {}

  public SweepRequest {
    experiments = List.copyOf(experiments);
    if (experiments.isEmpty()) {
      throw new UserError("no experiments to sweep", "pass --experiments A,B,... or --all");
    }
    if (parallel < 1) {
      throw new UserError("--parallel " + parallel + " is not a count", "pass 1 or more");
    }
    SweepNamespaces.checkPrefix(namespacePrefix);
  }
}
