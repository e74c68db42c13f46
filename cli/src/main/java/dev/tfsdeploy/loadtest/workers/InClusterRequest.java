package dev.tfsdeploy.loadtest.workers;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.loadtest.LoadSpec;
import dev.tfsdeploy.loadtest.ServingApi;
import dev.tfsdeploy.loadtest.WorkerShare;
import java.time.Duration;

/**
 * A load generated inside the cluster by load workers: what {@code loadtest --in-cluster} (and an
 * experiments sweep) asks of {@link InClusterLoad}.
 *
 * @param namespace the experiment's namespace, or null for the client's
 * @param service the experiment's Service, which the workers load by its cluster DNS name
 * @param experiment the experiment the Service must run
 * @param api the API the workers load (its port on the Service)
 * @param modelName the served model's name
 * @param signature the signature of gRPC calls
 * @param body the predict body every request sends (JSON)
 * @param load the whole load; each worker runs its {@link WorkerShare}
 * @param workers how many workers share it
 * @param workerImage the image the workers run (this CLI on a JRE)
 * @param startDelay how long after the Job is created the workers start together: time to schedule
 *     the pods and pull the image
 */
public record InClusterRequest(
    String namespace,
    String service,
    String experiment,
    ServingApi api,
    String modelName,
    String signature,
    String body,
    LoadSpec load,
    int workers,
    String workerImage,
    Duration startDelay) {

  public InClusterRequest {
    // Refuses a load that does not split into this many shares before anything is created.
    new WorkerShare(0, workers).of(load);
    if (workerImage == null || workerImage.isBlank()) {
      throw new UserError(
          "--in-cluster needs the workers' image", "pass --worker-image IMAGE (this CLI on a JRE)");
    }
    if (startDelay.isNegative() || startDelay.isZero()) {
      throw new UserError(
          "--worker-start-delay must be positive", "pass e.g. --worker-start-delay 30s");
    }
  }

  /** The same request for another load: a capacity search's next step. */
  public InClusterRequest withLoad(LoadSpec next) {
    return new InClusterRequest(
        namespace,
        service,
        experiment,
        api,
        modelName,
        signature,
        body,
        next,
        workers,
        workerImage,
        startDelay);
  }
}
