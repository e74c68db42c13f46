package dev.tfsdeploy.pipeline;

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
import dev.tfsdeploy.sizing.ClusterNodes;
import dev.tfsdeploy.sizing.GkeMode;
import dev.tfsdeploy.sizing.PodFit;
import dev.tfsdeploy.sizing.Workload;
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
 * The deploy step as {@code deploy} and {@code run} both take it: apply the rendered objects, see
 * the rollout through (or explain and roll it back), smoke-check the model, wait for the Service's
 * external address, and report outputs and a job summary.
 */
public final class ServingRollout {
  private final StepContext context;
  private final Console console;
  private final ClusterConnection cluster;

  public ServingRollout(StepContext context, ClusterConnection cluster) {
    this.context = context;
    this.console = context.console();
    this.cluster = cluster;
  }

  /**
   * How a rollout is carried out and checked.
   *
   * @param deploymentName the TF Serving Deployment; null means the only one in the manifests
   * @param modelVersions the versions the smoke check expects AVAILABLE besides those the server
   *     reports; empty means any
   * @param timeout the longest wait for the rollout, and again for a rollback
   * @param smokeBody a predict request's JSON the smoke check sends, or null
   * @param gkeMode what the pods' sizes are checked against before anything is applied
   */
  public record Settings(
      String deploymentName,
      List<String> modelVersions,
      Duration timeout,
      boolean rollback,
      boolean smoke,
      String smokeBody,
      Duration smokeTimeout,
      Duration endpointTimeout,
      GkeMode gkeMode) {
    public Settings {
      modelVersions = List.copyOf(modelVersions);
    }

    /**
     * The same settings expecting the versions an image's model config serves, unless versions were
     * asked for.
     */
    public Settings expecting(List<Long> served) {
      if (!modelVersions.isEmpty() || served.isEmpty()) {
        return this;
      }
      return new Settings(
          deploymentName,
          served.stream().map(String::valueOf).toList(),
          timeout,
          rollback,
          smoke,
          smokeBody,
          smokeTimeout,
          endpointTimeout,
          gkeMode);
    }
  }

  /**
   * What to roll out.
   *
   * @param modelName the model TF Serving serves; null means the container's MODEL_NAME
   * @param experiment the experiment; null means the one the renderer annotated
   */
  public record Request(
      Manifests manifests,
      String modelName,
      String experiment,
      DeployProvenance provenance,
      Settings settings) {}

  /** What was deployed and where it answers. */
  public record Deployed(
      String restUrl, ServiceEndpoint endpoint, String image, Optional<String> experiment) {}

  /** The Deployment to roll out, its model and image, and the request for the deployer. */
  record Plan(
      Deployment deployment,
      String model,
      String image,
      Optional<String> experiment,
      DeployRequest request) {
    String name() {
      return deployment.getMetadata().getName();
    }
  }

  /**
   * Applies and checks everything; throws (after explaining on the console) when the rollout fails.
   */
  public Deployed deploy(Request request) {
    Settings settings = request.settings();
    Plan plan = plan(request);
    return withClient(
        (client, namespace) -> {
          checkFit(client, request, plan);
          Deployer deployer = new Deployer(client, namespace, RolloutConsole.listener(console));
          announce(request, plan, namespace);
          DeployResult result = rollOut(deployer, plan);
          List<ModelVersionStatus> served =
              smokeCheckIfAsked(client, namespace, result, plan, settings);
          ServiceEndpoint endpoint =
              endpoint(
                  client,
                  namespace,
                  request.manifests(),
                  plan.deployment(),
                  settings.endpointTimeout());
          return report(result, endpoint, plan, served, request);
        });
  }

  /**
   * Applies, sees the rollout through and smoke-checks, as {@link #deploy} does, but neither waits
   * for an external address nor reports outputs: a deployment measured from inside the cluster (an
   * experiments sweep). Returns the name of the Service that selects the Deployment.
   */
  public String deployForMeasurement(Request request) {
    Plan plan = plan(request);
    String service = serviceName(request.manifests(), plan.deployment());
    return withClient(
        (client, namespace) -> {
          checkFit(client, request, plan);
          Deployer deployer = new Deployer(client, namespace, RolloutConsole.listener(console));
          announce(request, plan, namespace);
          smokeCheckIfAsked(client, namespace, rollOut(deployer, plan), plan, request.settings());
          return service;
        });
  }

  private List<ModelVersionStatus> smokeCheckIfAsked(
      KubernetesClient client,
      String namespace,
      DeployResult result,
      Plan plan,
      Settings settings) {
    return settings.smoke()
        ? smokeCheck(client, namespace, result.deployment(), plan.model(), settings)
        : List.of();
  }

  private void announce(Request request, Plan plan, String namespace) {
    console.info(
        "deploying "
            + plan.experiment().orElse(request.manifests().source())
            + " ("
            + plan.image()
            + ") to namespace "
            + namespace);
  }

  /** A server-side dry run: what would be applied and pruned, changing nothing. */
  public DeployResult dryRun(Request request) {
    Plan plan = plan(request);
    return withClient(
        (client, namespace) -> {
          checkFit(client, request, plan);
          DeployResult result =
              new Deployer(client, namespace, RolloutConsole.listener(console))
                  .dryRun(plan.request());
          console.info(
              "dry run (server-side, namespace "
                  + namespace
                  + "): "
                  + result.applied().size()
                  + " object(s) would be applied"
                  + (result.pruned().isEmpty() ? "" : ", pruned: " + refs(result.pruned())));
          return result;
        });
  }

  Plan plan(Request request) {
    Settings settings = request.settings();
    Deployment deployment =
        request
            .manifests()
            .deployment(Optional.ofNullable(settings.deploymentName()).filter(s -> !s.isBlank()));
    String model =
        Optional.ofNullable(request.modelName())
            .filter(s -> !s.isBlank())
            .or(() -> Manifests.modelName(deployment))
            .orElseThrow(
                () ->
                    new UserError(
                        "the model name is unknown: the Deployment's container sets no MODEL_NAME",
                        "pass --model-name (or set MODEL_NAME)"));
    String image = Manifests.servingContainer(deployment).getImage();
    if (!image.contains("@sha256:")) {
      console.warn(
          "image "
              + image
              + " is not pinned by digest: a later push to its tag changes what runs, "
              + "and status cannot say which build is serving");
    }
    Optional<String> experiment = DeployProvenance.experiment(request.experiment(), deployment);
    DeployRequest deployRequest =
        new DeployRequest(
            request.manifests(),
            Optional.of(deployment.getMetadata().getName()),
            request.provenance().stamp(console.actions(), experiment, deployment),
            settings.timeout(),
            settings.rollback());
    return new Plan(deployment, model, image, experiment, deployRequest);
  }

  /**
   * Refuses pods that could never be scheduled (a {@link dev.tfsdeploy.UserError} naming the
   * experiment, what each pod asks and what the largest node offers), before anything is applied.
   */
  void checkFit(KubernetesClient client, Request request, Plan plan) {
    PodFit.Verdict verdict =
        PodFit.check(
            new PodFit.Request(
                plan.experiment().orElse(request.manifests().source()),
                Workload.allIn(request.manifests().objects()),
                request.settings().gkeMode()),
            () -> ClusterNodes.list(client));
    verdict.warnings().forEach(console::warn);
    verdict.notes().forEach(console::debug);
  }

  interface ClientWork<T> {
    T run(KubernetesClient client, String namespace);
  }

  <T> T withClient(ClientWork<T> work) {
    try (KubernetesClient client = cluster.connect(console)) {
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
      context
          .outputs()
          .summary(
              "### Rollout of deployment/"
                  + plan.name()
                  + " failed\n\n"
                  + e.getMessage()
                  + "\n\nImage: `"
                  + plan.image()
                  + "`"
                  + plan.experiment().map(x -> ", experiment `" + x + "`").orElse(""));
      throw e;
    }
  }

  List<ModelVersionStatus> smokeCheck(
      KubernetesClient client,
      String namespace,
      Deployment deployment,
      String model,
      Settings settings) {
    Pod pod =
        ServingPods.readyPod(client, namespace, deployment)
            .orElseThrow(
                () ->
                    new UserError(
                        "no ready pod of deployment/"
                            + deployment.getMetadata().getName()
                            + " to smoke-check",
                        "check `kubectl get pods`, or pass --no-smoke"));
    try (PodTunnel tunnel =
        PodTunnel.open(client, namespace, pod.getMetadata().getName(), ServiceEndpoint.REST_PORT)) {
      SmokeCheck check =
          new SmokeCheck(
              new TfServingRest(tunnel.baseUrl(), Duration.ofSeconds(30)), settings.smokeTimeout());
      List<ModelVersionStatus> versions = check.awaitAvailable(model, settings.modelVersions());
      console.info(
          "smoke check: model '" + model + "' " + describe(versions) + " on pod/" + tunnel.pod());
      if (settings.smokeBody() != null) {
        console.info("smoke predict answer: " + check.predict(model, settings.smokeBody()).strip());
      }
      return versions;
    }
  }

  /** "version 1 AVAILABLE, version 3 AVAILABLE". */
  private static String describe(List<ModelVersionStatus> versions) {
    return versions.stream().map(ModelVersionStatus::toString).collect(Collectors.joining(", "));
  }

  private ServiceEndpoint endpoint(
      KubernetesClient client,
      String namespace,
      Manifests manifests,
      Deployment deployment,
      Duration timeout) {
    String service = serviceName(manifests, deployment);
    console.info("waiting for service/" + service + " to get an external address");
    return new EndpointWait(client, namespace).await(service, timeout);
  }

  /** The first Service that selects the Deployment; the manifests must hold one. */
  private static String serviceName(Manifests manifests, Deployment deployment) {
    List<Service> services = manifests.servicesFor(deployment);
    if (services.isEmpty()) {
      throw new UserError(
          "the manifests hold no Service selecting deployment/"
              + deployment.getMetadata().getName(),
          "add a Service for ports 8500 (gRPC) and 8501 (REST) to the overlay");
    }
    return services.get(0).getMetadata().getName();
  }

  private Deployed report(
      DeployResult result,
      ServiceEndpoint endpoint,
      Plan plan,
      List<ModelVersionStatus> served,
      Request request) {
    StepOutputs outputs = context.outputs();
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
    List<String> expected = request.settings().modelVersions();
    String version =
        !served.isEmpty()
            ? describe(served)
            : expected.isEmpty()
                ? "not smoke-checked"
                : (expected.size() == 1 ? "version " : "versions ")
                    + String.join(", ", expected)
                    + " (not smoke-checked)";
    String release = request.provenance().describeRelease();
    Function<String, String> code = text -> "`" + text + "`";
    outputs.summary(
        String.join(
            "\n",
            "### Deployed "
                + plan.experiment()
                    .map(code)
                    .orElse("deployment/" + deployment.getMetadata().getName()),
            "",
            "| | |",
            "|---|---|",
            "| Model | `" + plan.model() + "`, " + version + " |",
            "| Release | " + release + " |",
            "| Experiment | " + plan.experiment().orElse("—") + " |",
            "| Image | `" + plan.image() + "` |",
            "| Deployment | `"
                + deployment.getMetadata().getName()
                + "`, revision "
                + Revisions.revision(deployment)
                + " |",
            "| Replicas ready | "
                + (status == null || status.getReadyReplicas() == null
                    ? 0
                    : status.getReadyReplicas())
                + "/"
                + deployment.getSpec().getReplicas()
                + " |",
            "| REST | `" + restUrl + "` |",
            "| gRPC | `" + endpoint.grpcAddress() + "` |",
            "| Pruned | "
                + (result.pruned().isEmpty()
                    ? "—"
                    : result.pruned().stream()
                        .map(r -> code.apply(r.toString()))
                        .collect(Collectors.joining(", ")))
                + " |",
            ""));
    return new Deployed(restUrl, endpoint, plan.image(), plan.experiment());
  }

  private static String refs(List<ObjectRef> refs) {
    return refs.stream().map(ObjectRef::toString).collect(Collectors.joining(", "));
  }
}
