package dev.tfsdeploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tfsdeploy.cluster.rollout.ApiErrors;
import dev.tfsdeploy.cluster.rollout.AppObjects;
import dev.tfsdeploy.cluster.rollout.AppStatus;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.StatusReader;
import dev.tfsdeploy.cluster.rollout.serving.ModelProbe;
import dev.tfsdeploy.cluster.rollout.serving.ModelVersionStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tfs-deploy status}: what is deployed, how many replicas are ready, and whether the model
 * is served.
 */
@Command(
    name = "status",
    header = "Show what is deployed and whether the model serves.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Show the deployed experiment, image digest, revision, ready replicas and",
      "provenance, and the model's version states (asked through a port-forward",
      "to a ready pod). --json for scripts."
    })
final class StatusCommand extends StepCommand {
  @Mixin KubernetesTarget target;

  @Option(
      names = "--deployment",
      paramLabel = "NAME",
      description =
          "The TF Serving Deployment (env GKE_DEPLOYMENT_NAME; default: the only one tfs-deploy"
              + " manages here).")
  String deploymentName;

  @Option(
      names = "--model-name",
      paramLabel = "NAME",
      description = "Model name (env MODEL_NAME; default: the container's MODEL_NAME).")
  String modelName;

  @Option(names = "--json", description = "Print the status as JSON.")
  boolean json;

  @Option(
      names = "--no-model",
      description = "Do not port-forward to ask the server for its model state.")
  boolean noModel;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = target.connect(console())) {
      String namespace = client.getNamespace();
      try {
        String name =
            new AppObjects(client, namespace).deploymentName(Optional.ofNullable(deploymentName));
        StatusReader reader = new StatusReader(client, namespace);
        Deployment deployment = reader.deployment(name);
        AppStatus status = reader.read(deployment);
        Optional<String> model =
            Optional.ofNullable(modelName)
                .filter(s -> !s.isBlank())
                .or(() -> Manifests.modelName(deployment));
        ModelProbe.Answer answer =
            noModel || model.isEmpty()
                ? new ModelProbe.Answer(
                    List.of(),
                    Optional.of(
                        noModel
                            ? "not asked (--no-model)"
                            : "model name unknown; pass --model-name"))
                : ModelProbe.probe(client, namespace, deployment, model.get());
        console().result(json ? json(status, model, answer) : text(status, model, answer));
        return ExitCode.OK;
      } catch (KubernetesClientException e) {
        throw ApiErrors.error("reading the app's status", e, namespace);
      }
    }
  }

  private static String text(AppStatus status, Optional<String> model, ModelProbe.Answer answer) {
    StringBuilder text = new StringBuilder();
    line(
        text,
        "deployment",
        status.namespace() + "/" + status.deployment() + " (revision " + status.revision() + ")");
    line(text, "experiment", status.experiment().orElse("(not recorded)"));
    line(text, "image", status.image());
    line(text, "digest", status.digest().orElse("(not pinned)"));
    line(
        text,
        "replicas",
        status.ready()
            + "/"
            + status.desired()
            + " ready, "
            + status.updated()
            + " updated, "
            + status.available()
            + " available");
    line(text, "rollout", status.rollout());
    status
        .provenance()
        .forEach(
            (key, value) -> {
              if (!key.equals("experiment") && !key.equals("image")) {
                line(text, key, value);
              }
            });
    String models =
        answer.versions().isEmpty()
            ? answer.note().orElse("no versions")
            : String.join(
                ", ", answer.versions().stream().map(ModelVersionStatus::toString).toList());
    line(text, "model", model.map(m -> m + ": ").orElse("") + models);
    return text.toString().stripTrailing();
  }

  private static void line(StringBuilder text, String key, String value) {
    text.append(String.format("%-12s %s%n", key + ":", value));
  }

  private static String json(AppStatus status, Optional<String> model, ModelProbe.Answer answer)
      throws Exception {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("namespace", status.namespace());
    root.put("deployment", status.deployment());
    root.put("revision", status.revision());
    root.put("experiment", status.experiment().orElse(null));
    root.put("image", status.image());
    root.put("digest", status.digest().orElse(null));
    root.put(
        "replicas",
        Map.of(
            "desired",
            status.desired(),
            "ready",
            status.ready(),
            "updated",
            status.updated(),
            "available",
            status.available()));
    root.put("rollout", status.rollout());
    root.put("provenance", status.provenance());
    Map<String, Object> modelState = new LinkedHashMap<>();
    modelState.put("name", model.orElse(null));
    modelState.put(
        "versions",
        answer.versions().stream()
            .map(
                v -> {
                  Map<String, Object> entry = new LinkedHashMap<>();
                  entry.put("version", v.version());
                  entry.put("state", v.state());
                  entry.put("error_code", v.errorCode());
                  entry.put("error_message", v.errorMessage());
                  return entry;
                })
            .toList());
    modelState.put("note", answer.note().orElse(null));
    root.put("model", modelState);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
  }
}
