package dev.tfsdeploy.experiments;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.RenderedObject;
import dev.tfsdeploy.overlay.Rendering;
import dev.tfsdeploy.yaml.GoScalars;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an experiment runs, read from its rendered objects: replicas, the machine type its node
 * selector names ("-" for none), the TF Serving container's CPU and memory, its threading flags,
 * and the batching parameters if batching is on.
 */
public record ExperimentSummary(
    String name,
    long replicas,
    String machineType,
    String cpu,
    String memory,
    Integer interOp,
    Integer intraOp,
    Map<String, String> batching) {
  private static final Pattern FLAG = Pattern.compile("--([a-z_]+)=(.*)");
  private static final Pattern BATCHING_LINE =
      Pattern.compile("^\\s*([a-z_]+)\\s*\\{\\s*value:\\s*([^}\\s]+)\\s*}\\s*$");

  @SuppressWarnings("unchecked")
  public static ExperimentSummary of(String name, Rendering rendering) {
    RenderedObject deployment =
        rendering
            .find("Deployment")
            .orElseThrow(
                () ->
                    new UserError(
                        "experiment '" + name + "' renders no Deployment", "check its overlay"));
    Map<String, Object> spec = map(deployment.content(), "spec");
    Object replicas = spec == null ? null : spec.get("replicas");
    Map<String, Object> podSpec = map(map(spec, "template"), "spec");
    List<Object> containers =
        podSpec == null ? List.of() : (List<Object>) podSpec.getOrDefault("containers", List.of());
    Map<String, Object> container =
        containers.stream()
            .map(c -> (Map<String, Object>) c)
            .filter(c -> TfServingBase.CONTAINER.equals(c.get("name")))
            .findFirst()
            .orElseThrow(
                () ->
                    new UserError(
                        "experiment '"
                            + name
                            + "' has no container named "
                            + TfServingBase.CONTAINER,
                        "keep the base's container name"));
    Map<String, Object> resources = map(container, "resources");
    Map<String, Object> requests = map(resources, "requests");
    Map<String, Object> limits = map(resources, "limits");
    Map<String, String> flags = new LinkedHashMap<>();
    for (Object arg : (List<Object>) container.getOrDefault("args", List.of())) {
      Matcher m = FLAG.matcher(String.valueOf(arg));
      if (m.matches()) {
        flags.put(m.group(1), m.group(2));
      }
    }
    Map<String, String> batching = null;
    if ("true".equals(flags.get("enable_batching"))) {
      batching = batchingParameters(rendering);
    }
    Map<String, Object> nodeSelector = map(podSpec, "nodeSelector");
    Object machineType =
        nodeSelector == null ? null : nodeSelector.get("node.kubernetes.io/instance-type");
    return new ExperimentSummary(
        name,
        replicas instanceof Long n ? n : 1,
        machineType == null ? "-" : String.valueOf(machineType),
        quantity(requests, limits, "cpu"),
        quantity(requests, limits, "memory"),
        integer(flags.get("tensorflow_inter_op_parallelism")),
        integer(flags.get("tensorflow_intra_op_parallelism")),
        batching);
  }

  private static String quantity(
      Map<String, Object> requests, Map<String, Object> limits, String key) {
    Object value =
        requests != null && requests.get(key) != null
            ? requests.get(key)
            : limits == null ? null : limits.get(key);
    return value == null
        ? "-"
        : value instanceof String text ? text : GoScalars.formatNumberOrBool(value);
  }

  private static Integer integer(String value) {
    try {
      return value == null ? null : Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The parameters in the batching ConfigMap's batching_config.txt (TF Serving text format). */
  private static Map<String, String> batchingParameters(Rendering rendering) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (RenderedObject object : rendering.objects()) {
      Map<String, Object> data = map(object.content(), "data");
      if ("ConfigMap".equals(object.kind())
          && data != null
          && data.get("batching_config.txt") instanceof String text) {
        for (String line : text.split("\n")) {
          Matcher m = BATCHING_LINE.matcher(line);
          if (m.matches()) {
            parameters.put(m.group(1), m.group(2));
          }
        }
      }
    }
    return parameters;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    return parent != null && parent.get(key) instanceof Map<?, ?> child
        ? (Map<String, Object>) child
        : null;
  }
}
