package dev.tfsdeploy.experiments;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.files.AtomicDirectory;
import dev.tfsdeploy.overlay.Kustomization;
import dev.tfsdeploy.overlay.RenderOptions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A new experiment overlay: vCPUs and memory per pod (requests = limits), replicas, inter-op
 * threads, intra-op threads = vCPUs (rounded up: GKE sizes pods in fractions of a vCPU, threads
 * come whole), and optional batching parameters. {@link #writeTo} writes {@code experiments/NAME/}
 * next to the others, checked by rendering it, or nothing at all.
 */
public record NewExperiment(
    String name,
    BigDecimal vcpu,
    String memory,
    int replicas,
    int interOp,
    Map<String, Long> batching) {
  public static final List<String> BATCHING_KEYS =
      List.of(
          "max_batch_size", "batch_timeout_micros", "max_enqueued_batches", "num_batch_threads");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+_.-]*");
  private static final Pattern MEMORY = Pattern.compile("([0-9]+)\\s*(GB|G|Gi|MB|M|Mi)");

  public NewExperiment {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new UserError(
          "invalid experiment name '" + name + "'",
          "use letters, digits, '+', '_', '.' and '-', e.g. 4vCPU+8GB+inter_op2");
    }
    if (vcpu == null || vcpu.signum() <= 0 || vcpu.stripTrailingZeros().scale() > 3) {
      throw new UserError(
          "--vcpu must be a positive number of vCPUs with at most three decimals, not " + vcpu,
          "e.g. --vcpu 2 or --vcpu 0.5");
    }
    positive(replicas, "--replicas");
    positive(interOp, "--inter-op");
    memory = kubernetesMemory(memory);
    if (batching != null) {
      for (String key : batching.keySet()) {
        if (!BATCHING_KEYS.contains(key)) {
          throw new UserError(
              "unknown batching parameter '" + key + "'",
              "use " + String.join(", ", BATCHING_KEYS));
        }
      }
    }
  }

  /** Parses {@code --vcpu}: a positive decimal number, such as 2 or 0.5. */
  public static BigDecimal parseVcpu(String text) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new UserError(
          "--vcpu must be a number of vCPUs, not '" + text + "'", "e.g. --vcpu 2 or --vcpu 0.5");
    }
  }

  /** TF Serving's thread counts for {@code vcpu}: the vCPUs rounded up, at least 1. */
  public static int threads(BigDecimal vcpu) {
    return Math.max(1, vcpu.setScale(0, RoundingMode.CEILING).intValueExact());
  }

  /** The pod's CPU as a Kubernetes quantity: whole vCPUs as they are, fractions in millicores. */
  String cpuQuantity() {
    BigDecimal plain = vcpu.stripTrailingZeros();
    return plain.scale() <= 0
        ? plain.toBigInteger().toString()
        : plain.movePointRight(3).toBigInteger() + "m";
  }

  /**
   * Parses {@code key=value,...} batching parameters; missing ones take defaults for {@code vcpu}.
   */
  public static Map<String, Long> parseBatching(String spec, BigDecimal vcpu) {
    Map<String, Long> parameters = new LinkedHashMap<>();
    parameters.put("max_batch_size", 32L);
    parameters.put("batch_timeout_micros", 1000L);
    parameters.put("max_enqueued_batches", 100L);
    parameters.put("num_batch_threads", (long) threads(vcpu));
    for (String pair : spec.split(",")) {
      String[] kv = pair.trim().split("=", 2);
      if (kv.length != 2 || !BATCHING_KEYS.contains(kv[0].trim())) {
        throw new UserError(
            "invalid --batching entry '" + pair.trim() + "'",
            "write key=value pairs with keys " + String.join(", ", BATCHING_KEYS));
      }
      try {
        long value = Long.parseLong(kv[1].trim());
        if (value < 0) {
          throw new NumberFormatException();
        }
        parameters.put(kv[0].trim(), value);
      } catch (NumberFormatException e) {
        throw new UserError(
            "batching parameter "
                + kv[0].trim()
                + " must be a non-negative integer, not '"
                + kv[1].trim()
                + "'",
            "e.g. max_batch_size=64");
      }
    }
    return parameters;
  }

  private static void positive(int value, String option) {
    if (value < 1) {
      throw new UserError(option + " must be at least 1, not " + value, "give a positive number");
    }
  }

  /** "8GB", "8G" and "8Gi" all mean 8Gi, as the experiment names use GB. */
  static String kubernetesMemory(String size) {
    Matcher m = size == null ? null : MEMORY.matcher(size.trim());
    if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new UserError(
          "invalid memory size '" + size + "'", "use a size like 8GB, 8Gi or 512Mi");
    }
    return m.group(1) + (m.group(2).startsWith("G") ? "Gi" : "Mi");
  }

  /** Writes the overlay into {@code experiments.experimentsDir()} and returns its directory. */
  public Path writeTo(Experiments experiments) {
    Path target = experiments.experimentsDir().resolve(name);
    if (Files.exists(target)) {
      throw new UserError(
          "experiment '" + name + "' already exists at " + target, "choose another name");
    }
    if (!Files.isDirectory(experiments.kubeDir().resolve("base"))) {
      throw new UserError(
          "no base overlay at " + experiments.kubeDir().resolve("base"),
          "run from the repository root or pass --kube-dir");
    }
    Map<String, String> files = new LinkedHashMap<>();
    files.put("kustomization.yaml", kustomizationYaml(experiments));
    if (batching != null) {
      StringBuilder config = new StringBuilder();
      batching.forEach((k, v) -> config.append(k).append(" { value: ").append(v).append(" }\n"));
      files.put("batching_config.txt", config.toString());
    }
    AtomicDirectory.write(
        target, files, dir -> Kustomization.load(dir).render(RenderOptions.DEFAULT));
    return target;
  }

  private String kustomizationYaml(Experiments experiments) {
    boolean highAvailability =
        replicas > 1
            && Files.isDirectory(experiments.kubeDir().resolve("components/high-availability"));
    StringBuilder y = new StringBuilder();
    y.append("# Written by `tfs-deploy experiments new`: ")
        .append(vcpu.stripTrailingZeros().toPlainString())
        .append(" vCPU, ")
        .append(memory)
        .append(", ")
        .append(replicas)
        .append(" replica(s), inter-op ")
        .append(interOp)
        .append(batching == null ? "" : ", batching")
        .append(".\n");
    y.append(
        "apiVersion: kustomize.config.k8s.io/v1beta1\n"
            + "kind: Kustomization\n"
            + "resources:\n"
            + "- ../../base\n");
    if (highAvailability) {
      y.append("components:\n- ../../components/high-availability\n");
    }
    y.append("replicas:\n- name: ")
        .append(TfServingBase.DEPLOYMENT)
        .append("\n  count: ")
        .append(replicas)
        .append('\n');
    if (batching != null) {
      y.append("configMapGenerator:\n- name: tfs-batching\n  files:\n  - batching_config.txt\n");
      y.append(
          "  options:\n    labels:\n      app.kubernetes.io/name: tfs-serving\n"
              + "      app.kubernetes.io/part-of: tfs-deploy\n");
    }
    y.append("patches:\n- target:\n    kind: Deployment\n    name: ")
        .append(TfServingBase.DEPLOYMENT)
        .append('\n');
    y.append("  patch: |-\n");
    addArg(y, "--tensorflow_intra_op_parallelism=" + threads(vcpu));
    addArg(y, "--tensorflow_inter_op_parallelism=" + interOp);
    if (batching != null) {
      addArg(y, "--enable_batching=true");
      addArg(y, "--batching_parameters_file=/etc/tfs-batching/batching_config.txt");
    }
    y.append(
        "    - op: replace\n"
            + "      path: /spec/template/spec/containers/0/resources\n"
            + "      value:\n");
    for (String section : List.of("requests", "limits")) {
      y.append("        ")
          .append(section)
          .append(":\n          cpu: \"")
          .append(cpuQuantity())
          .append("\"\n          memory: ")
          .append(memory)
          .append('\n');
    }
    if (batching != null) {
      y.append(
          """
          - patch: |-
              apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: tfs-serving
              spec:
                template:
                  spec:
                    containers:
                    - name: tfs-serving
                      volumeMounts:
                      - name: batching
                        mountPath: /etc/tfs-batching
                        readOnly: true
                    volumes:
                    - name: batching
                      configMap:
                        name: tfs-batching
          """);
    }
    y.append("commonAnnotations:\n  ")
        .append(Experiments.ANNOTATION)
        .append(": ")
        .append(name)
        .append('\n');
    return y.toString();
  }

  private static void addArg(StringBuilder y, String arg) {
    y.append("    - op: add\n      path: /spec/template/spec/containers/0/args/-\n      value: ")
        .append(arg)
        .append('\n');
  }
}
