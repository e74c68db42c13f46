package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.ApiErrors;
import dev.tfsdeploy.cluster.rollout.DeployRequest;
import dev.tfsdeploy.cluster.rollout.DeployResult;
import dev.tfsdeploy.cluster.rollout.Deployer;
import dev.tfsdeploy.cluster.rollout.EndpointWait;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.ObjectRef;
import dev.tfsdeploy.cluster.rollout.ObjectYaml;
import dev.tfsdeploy.cluster.rollout.RolloutFailedException;
import dev.tfsdeploy.cluster.rollout.ServiceEndpoint;
import dev.tfsdeploy.cluster.rollout.serving.ModelVersionStatus;
import dev.tfsdeploy.cluster.rollout.serving.PodTunnel;
import dev.tfsdeploy.cluster.rollout.serving.ServingPods;
import dev.tfsdeploy.cluster.rollout.serving.SmokeCheck;
import dev.tfsdeploy.cluster.rollout.serving.TfServingRest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tfs-deploy deploy}: apply an experiment, see the rollout through, check the model answers. */
@Command(
    name = "deploy",
    header = "Apply an experiment, wait for the rollout, smoke-check, report the endpoint.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Server-side apply an experiment's rendered objects (field manager",
      "tfs-deploy), watch the rollout, prune what the app no longer has,",
      "smoke-check the model through a port-forward, and print the REST URL of",
      "the Service's external endpoint. A failed rollout is explained (pod",
      "reasons, events, logs) and rolled back."
    },
    footerHeading = "%n",
    footer = {
      "Objects get the labels app.kubernetes.io/managed-by=tfs-deploy and",
      "app.kubernetes.io/instance=<deployment>; prune, status and teardown find",
      "them by these.",
      "Exit code 1 when the rollout failed, whether or not the rollback succeeded."
    })
final class DeployCommand extends StepCommand {
  @Mixin ManifestSource source;
  @Mixin KubernetesTarget target;
  @Mixin ProvenanceOptions provenance;

  @Option(names = "--deployment", paramLabel = "NAME",
      description = "The TF Serving Deployment (env GKE_DEPLOYMENT_NAME; default: the only one in the manifests).")
  String deploymentName;

  @Option(names = "--model-name", paramLabel = "NAME",
      description = "Model name TF Serving serves (env MODEL_NAME; default: the container's MODEL_NAME).")
  String modelName;

  @Option(names = "--model-version", paramLabel = "N",
      description = "Version the smoke check expects AVAILABLE (default: any version).")
  String modelVersion;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
      description = "Longest wait for the rollout, and again for a rollback, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--no-rollback", description = "Leave a failed rollout in place instead of rolling back.")
  boolean noRollback;

  @Option(names = "--dry-run", description = "Server-side dry run: print what would be applied and pruned; change nothing.")
  boolean dryRun;

  @Option(names = "--no-smoke", description = "Skip the smoke check through a port-forward.")
  boolean noSmoke;

  @Option(names = "--smoke-request", paramLabel = "FILE",
      description = "JSON body of a predict request the smoke check sends; the answer goes to stderr.")
  Path smokeRequest;

  @Option(names = "--smoke-timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
      description = "Longest wait for the model version to be AVAILABLE (default: ${DEFAULT-VALUE}).")
  Duration smokeTimeout;

  @Option(names = "--endpoint-timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
      description = "Longest wait for the LoadBalancer's external address (default: ${DEFAULT-VALUE}).")
  Duration endpointTimeout;


  @Override
  public Integer call() {
    String smokeBody = smokeRequest == null ? null : readSmokeRequest();
    Manifests manifests = source.load(modelName, console()::warn);
    Deployment deployment = manifests.deployment(Optional.ofNullable(deploymentName));
    String model = Optional.ofNullable(modelName).filter(s -> !s.isBlank()).or(() -> Manifests.modelName(deployment))
        .orElseThrow(() -> new UserError("the model name is unknown: the Deployment's container sets no MODEL_NAME",
            "pass --model-name (or set MODEL_NAME)"));
    String image = Manifests.servingContainer(deployment).getImage();
    if (!image.contains("@sha256:")) {
      console().warn("image " + image + " is not pinned by digest: a later push to its tag changes what runs, "
          + "and status cannot say which build is serving");
    }
    Optional<String> experiment = ProvenanceOptions.experiment(source.experiment, deployment);
    DeployRequest request = new DeployRequest(manifests, Optional.of(deployment.getMetadata().getName()),
        provenance.provenance(console().actions(), experiment, deployment), timeout, !noRollback);
    try (KubernetesClient client = target.connect(console())) {
      String namespace = client.getNamespace();
      try {
        Deployer deployer = new Deployer(client, namespace, RolloutConsole.listener(console()));
        if (dryRun) {
          return printDryRun(deployer.dryRun(request), namespace);
        }
        console().info("deploying " + experiment.orElse(manifests.source()) + " (" + image + ") to namespace " + namespace);
        DeployResult result = deploy(deployer, request, deployment.getMetadata().getName());
        if (!noSmoke) {
          smokeCheck(client, namespace, result.deployment(), model, smokeBody);
        }
        ServiceEndpoint endpoint = endpoint(client, namespace, manifests, deployment);
        report(result, endpoint, model, image, experiment);
        return ExitCode.OK;
      } catch (KubernetesClientException e) {
        throw ApiErrors.error("deploying", e, namespace);
      }
    }
  }

  private DeployResult deploy(Deployer deployer, DeployRequest request, String name) {
    try {
      return deployer.deploy(request);
    } catch (RolloutFailedException e) {
      RolloutConsole.print(console(), name, e.diagnosis());
      throw e;
    }
  }

  private void smokeCheck(KubernetesClient client, String namespace, Deployment deployment, String model, String smokeBody) {
    Pod pod = ServingPods.readyPod(client, namespace, deployment)
        .orElseThrow(() -> new UserError("no ready pod of deployment/" + deployment.getMetadata().getName() + " to smoke-check",
            "check `kubectl get pods`, or pass --no-smoke"));
    try (PodTunnel tunnel = PodTunnel.open(client, namespace, pod.getMetadata().getName(), ServiceEndpoint.REST_PORT)) {
      SmokeCheck check = new SmokeCheck(new TfServingRest(tunnel.baseUrl(), Duration.ofSeconds(30)), smokeTimeout);
      ModelVersionStatus version = check.awaitAvailable(model, Optional.ofNullable(modelVersion));
      console().info("smoke check: model '" + model + "' " + version + " on pod/" + tunnel.pod());
      if (smokeBody != null) {
        console().info("smoke predict answer: " + check.predict(model, smokeBody).strip());
      }
    }
  }

  private ServiceEndpoint endpoint(KubernetesClient client, String namespace, Manifests manifests, Deployment deployment) {
    List<Service> services = manifests.servicesFor(deployment);
    if (services.isEmpty()) {
      throw new UserError("the manifests hold no Service selecting deployment/" + deployment.getMetadata().getName(),
          "add a Service for ports 8500 (gRPC) and 8501 (REST) to the overlay");
    }
    String service = services.get(0).getMetadata().getName();
    console().info("waiting for service/" + service + " to get an external address");
    return new EndpointWait(client, namespace).await(service, endpointTimeout);
  }

  private void report(DeployResult result, ServiceEndpoint endpoint, String model, String image, Optional<String> experiment) {
    String restUrl = endpoint.restUrl(model);
    if (!result.pruned().isEmpty()) {
      console().info("pruned: " + result.pruned().stream().map(ObjectRef::toString).collect(Collectors.joining(", ")));
    }
    console().info("gRPC: " + endpoint.grpcAddress());
    console().info("REST: " + restUrl);
    outputs().set("endpoint", endpoint.host());
    outputs().set("rest-url", restUrl);
    outputs().set("grpc-address", endpoint.grpcAddress());
    outputs().set("image-ref", image);
    outputs().set("experiment", experiment.orElse(""));
    var status = result.deployment().getStatus();
    outputs().summary(String.join("\n",
        "### Deployed " + experiment.map(e -> "`" + e + "`").orElse("deployment/" + result.deployment().getMetadata().getName()),
        "",
        "| | |",
        "|---|---|",
        "| Experiment | " + experiment.orElse("—") + " |",
        "| Image | `" + image + "` |",
        "| Deployment | `" + result.deployment().getMetadata().getName() + "`, revision "
            + dev.tfsdeploy.cluster.rollout.Revisions.revision(result.deployment()) + " |",
        "| Replicas ready | " + (status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas())
            + "/" + result.deployment().getSpec().getReplicas() + " |",
        "| REST | `" + restUrl + "` |",
        "| gRPC | `" + endpoint.grpcAddress() + "` |",
        "| Pruned | " + (result.pruned().isEmpty() ? "—" : result.pruned().stream().map(r -> "`" + r + "`").collect(Collectors.joining(", "))) + " |",
        ""));
    console().result(restUrl);
  }

  private int printDryRun(DeployResult result, String namespace) {
    console().info("dry run (server-side, namespace " + namespace + "): " + result.applied().size() + " object(s) would be applied"
        + (result.pruned().isEmpty() ? "" : ", pruned: " + result.pruned().stream().map(ObjectRef::toString).collect(Collectors.joining(", "))));
    console().result(result.applied().stream().map(DeployCommand::yaml).collect(Collectors.joining("---\n")).stripTrailing());
    return ExitCode.OK;
  }

  private static String yaml(HasMetadata object) {
    return ObjectYaml.withoutServerFields(object);
  }

  private String readSmokeRequest() {
    try {
      return Files.readString(smokeRequest);
    } catch (IOException e) {
      throw new UserError("cannot read --smoke-request " + smokeRequest + ": " + e.getMessage(), "pass a JSON predict request file", e);
    }
  }
}
