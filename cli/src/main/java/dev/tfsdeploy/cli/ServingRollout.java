package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.StepOutputs;
import dev.tfsdeploy.cluster.rollout.ApiErrors;
import dev.tfsdeploy.cluster.rollout.DeployRequest;
import dev.tfsdeploy.cluster.rollout.DeployResult;
import dev.tfsdeploy.cluster.rollout.Deployer;
import dev.tfsdeploy.cluster.rollout.EndpointWait;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.ObjectRef;
import dev.tfsdeploy.cluster.rollout.Revisions;
import dev.tfsdeploy.cluster.rollout.RolloutFailedException;
import dev.tfsdeploy.cluster.rollout.ServiceEndpoint;
import dev.tfsdeploy.cluster.rollout.serving.ModelVersionStatus;
import dev.tfsdeploy.cluster.rollout.serving.PodTunnel;
import dev.tfsdeploy.cluster.rollout.serving.ServingPods;
import dev.tfsdeploy.cluster.rollout.serving.SmokeCheck;
import dev.tfsdeploy.cluster.rollout.serving.TfServingRest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The deploy step as {@code deploy} and {@code run} both take it: apply the rendered objects,
 * see the rollout through (or explain and roll it back), smoke-check the model, wait for the
 * Service's external address, and report outputs and a job summary.
 */
final class ServingRollout {
  private final Console console;
  private final StepOutputs outputs;
  private final KubernetesTarget target;
  private final ProvenanceOptions provenance;
  private final RolloutOptions options;

  ServingRollout(Console console, StepOutputs outputs, KubernetesTarget target, ProvenanceOptions provenance, RolloutOptions options) {
    this.console = console;
    this.outputs = outputs;
    this.target = target;
    this.provenance = provenance;
    this.options = options;
  }

  /** What was deployed and where it answers. */
  record Deployed(String restUrl, ServiceEndpoint endpoint, String image, Optional<String> experiment) {}

  /** The Deployment to roll out, its model and image, and the request for the deployer. */
  private record Plan(Deployment deployment, String model, String image, Optional<String> experiment, DeployRequest request) {
    String name() {
      return deployment.getMetadata().getName();
    }
  }

  /** Applies and checks everything; throws (after explaining on the console) when the rollout fails. */
  Deployed deploy(Manifests manifests, String modelName, String experimentGiven) {
    String smokeBody = options.smokeBody();
    Plan plan = plan(manifests, modelName, experimentGiven);
    return withClient((client, namespace) -> {
      Deployer deployer = new Deployer(client, namespace, RolloutConsole.listener(console));
      console.info("deploying " + plan.experiment().orElse(manifests.source()) + " (" + plan.image() + ") to namespace " + namespace);
      DeployResult result = rollOut(deployer, plan);
      Optional<ModelVersionStatus> served =
          options.noSmoke ? Optional.empty() : Optional.of(smokeCheck(client, namespace, result.deployment(), plan.model(), smokeBody));
      ServiceEndpoint endpoint = endpoint(client, namespace, manifests, plan.deployment());
      return report(result, endpoint, plan, served);
    });
  }

  /** A server-side dry run: what would be applied and pruned, changing nothing. */
  DeployResult dryRun(Manifests manifests, String modelName, String experimentGiven) {
    Plan plan = plan(manifests, modelName, experimentGiven);
    return withClient((client, namespace) -> {
      DeployResult result = new Deployer(client, namespace, RolloutConsole.listener(console)).dryRun(plan.request());
      console.info("dry run (server-side, namespace " + namespace + "): " + result.applied().size() + " object(s) would be applied"
          + (result.pruned().isEmpty() ? "" : ", pruned: " + refs(result.pruned())));
      return result;
    });
  }

  private Plan plan(Manifests manifests, String modelName, String experimentGiven) {
    Deployment deployment = manifests.deployment(Optional.ofNullable(options.deploymentName).filter(s -> !s.isBlank()));
    String model = Optional.ofNullable(modelName).filter(s -> !s.isBlank()).or(() -> Manifests.modelName(deployment))
        .orElseThrow(() -> new UserError("the model name is unknown: the Deployment's container sets no MODEL_NAME",
            "pass --model-name (or set MODEL_NAME)"));
    String image = Manifests.servingContainer(deployment).getImage();
    if (!image.contains("@sha256:")) {
      console.warn("image " + image + " is not pinned by digest: a later push to its tag changes what runs, "
          + "and status cannot say which build is serving");
    }
    Optional<String> experiment = ProvenanceOptions.experiment(experimentGiven, deployment);
    DeployRequest request = new DeployRequest(manifests, Optional.of(deployment.getMetadata().getName()),
        provenance.provenance(console.actions(), experiment, deployment), options.timeout, !options.noRollback);
    return new Plan(deployment, model, image, experiment, request);
  }

  private interface ClientWork<T> {
    T run(KubernetesClient client, String namespace);
  }

  private <T> T withClient(ClientWork<T> work) {
    try (KubernetesClient client = target.connect(console)) {
      String namespace = client.getNamespace();
      try {
        return work.run(client, namespace);
      } catch (KubernetesClientException e) {
        throw ApiErrors.error("deploying", e, namespace);
      }
    }
  }

  private DeployResult rollOut(Deployer deployer, Plan plan) {
    try {
      return deployer.deploy(plan.request());
    } catch (RolloutFailedException e) {
      RolloutConsole.print(console, plan.name(), e.diagnosis());
      outputs.summary("### Rollout of deployment/" + plan.name() + " failed\n\n" + e.getMessage()
          + "\n\nImage: `" + plan.image() + "`" + plan.experiment().map(x -> ", experiment `" + x + "`").orElse(""));
      throw e;
    }
  }

  private ModelVersionStatus smokeCheck(KubernetesClient client, String namespace, Deployment deployment, String model, String smokeBody) {
    Pod pod = ServingPods.readyPod(client, namespace, deployment)
        .orElseThrow(() -> new UserError("no ready pod of deployment/" + deployment.getMetadata().getName() + " to smoke-check",
            "check `kubectl get pods`, or pass --no-smoke"));
    try (PodTunnel tunnel = PodTunnel.open(client, namespace, pod.getMetadata().getName(), ServiceEndpoint.REST_PORT)) {
      SmokeCheck check = new SmokeCheck(new TfServingRest(tunnel.baseUrl(), Duration.ofSeconds(30)), options.smokeTimeout);
      ModelVersionStatus version = check.awaitAvailable(model, Optional.ofNullable(options.modelVersion));
      console.info("smoke check: model '" + model + "' " + version + " on pod/" + tunnel.pod());
      if (smokeBody != null) {
        console.info("smoke predict answer: " + check.predict(model, smokeBody).strip());
      }
      return version;
    }
  }

  private ServiceEndpoint endpoint(KubernetesClient client, String namespace, Manifests manifests, Deployment deployment) {
    List<Service> services = manifests.servicesFor(deployment);
    if (services.isEmpty()) {
      throw new UserError("the manifests hold no Service selecting deployment/" + deployment.getMetadata().getName(),
          "add a Service for ports 8500 (gRPC) and 8501 (REST) to the overlay");
    }
    String service = services.get(0).getMetadata().getName();
    console.info("waiting for service/" + service + " to get an external address");
    return new EndpointWait(client, namespace).await(service, options.endpointTimeout);
  }

  private Deployed report(DeployResult result, ServiceEndpoint endpoint, Plan plan, Optional<ModelVersionStatus> served) {
    String restUrl = endpoint.restUrl(plan.model());
    if (!result.pruned().isEmpty()) {
      console.info("pruned: " + refs(result.pruned()));
    }
    console.info("gRPC: " + endpoint.grpcAddress());
    console.info("REST: " + restUrl);
    outputs.set("endpoint", endpoint.host());
    outputs.set("rest-url", restUrl);
    outputs.set("grpc-address", endpoint.grpcAddress());
    outputs.set("image-ref", plan.image());
    outputs.set("experiment", plan.experiment().orElse(""));
    Deployment deployment = result.deployment();
    var status = deployment.getStatus();
    String version = served.map(s -> "version " + s.version() + " " + s.state())
        .or(() -> Optional.ofNullable(options.modelVersion).map(v -> "version " + v + " (not smoke-checked)"))
        .orElse("not smoke-checked");
    String release = Optional.ofNullable(provenance.releaseTag).filter(s -> !s.isBlank())
        .map(tag -> Optional.ofNullable(provenance.repo).filter(s -> !s.isBlank()).map(repo -> "`" + repo + "` ").orElse("") + "`" + tag + "`")
        .orElse("—");
    Function<String, String> code = text -> "`" + text + "`";
    outputs.summary(String.join("\n",
        "### Deployed " + plan.experiment().map(code).orElse("deployment/" + deployment.getMetadata().getName()),
        "",
        "| | |",
        "|---|---|",
        "| Model | `" + plan.model() + "`, " + version + " |",
        "| Release | " + release + " |",
        "| Experiment | " + plan.experiment().orElse("—") + " |",
        "| Image | `" + plan.image() + "` |",
        "| Deployment | `" + deployment.getMetadata().getName() + "`, revision " + Revisions.revision(deployment) + " |",
        "| Replicas ready | " + (status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas())
            + "/" + deployment.getSpec().getReplicas() + " |",
        "| REST | `" + restUrl + "` |",
        "| gRPC | `" + endpoint.grpcAddress() + "` |",
        "| Pruned | " + (result.pruned().isEmpty() ? "—" : result.pruned().stream().map(r -> code.apply(r.toString())).collect(Collectors.joining(", "))) + " |",
        ""));
    return new Deployed(restUrl, endpoint, plan.image(), plan.experiment());
  }

  private static String refs(List<ObjectRef> refs) {
    return refs.stream().map(ObjectRef::toString).collect(Collectors.joining(", "));
  }
}
