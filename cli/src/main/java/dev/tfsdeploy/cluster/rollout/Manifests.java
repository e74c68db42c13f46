package dev.tfsdeploy.cluster.rollout;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.yaml.YamlInput;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rendered objects of one experiment, as the renderer (or a file of {@code kubectl kustomize}
 * output) gives them: exactly one TF Serving Deployment, its Service, and what they use.
 *
 * <p>Checked on the way in, before anything reaches the cluster: every object has a name and is of
 * a {@link ManagedKind}; no object appears twice.
 */
public final class Manifests {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final List<HasMetadata> objects;
  private final String source;

  private Manifests(List<HasMetadata> objects, String source) {
    this.objects = List.copyOf(objects);
    this.source = source;
  }

  /**
   * Parses a YAML stream (documents separated by {@code ---}); {@code source} names it in errors.
   */
  public static Manifests parse(String yaml, String source) {
    return of(objectsIn(yaml, source), source);
  }

  private static List<HasMetadata> objectsIn(String yaml, String source) {
    List<HasMetadata> objects = new ArrayList<>();
    Object parsed;
    try {
      YamlInput.check(yaml, source);
      parsed = yaml.isBlank() ? List.of() : SERIALIZATION.unmarshal(yaml);
    } catch (UserError e) {
      throw e;
    } catch (RuntimeException e) {
      throw new UserError(
          source + " is not valid Kubernetes YAML: " + firstLine(e.getMessage()),
          "check the rendered manifests (e.g. with `kubectl apply --dry-run=client -f`)",
          e);
    }
    collect(parsed, objects, source);
    return objects;
  }

  /** Reads a YAML file, or every {@code *.yaml}/{@code *.yml} file of a directory in name order. */
  public static Manifests read(Path path) {
    if (!Files.exists(path)) {
      throw new UserError(
          "manifests " + path + " do not exist",
          "pass a YAML file or a directory of them to --manifests");
    }
    try {
      List<Path> files;
      if (Files.isDirectory(path)) {
        try (Stream<Path> list = Files.list(path)) {
          files = list.filter(Manifests::isYaml).sorted().toList();
        }
        if (files.isEmpty()) {
          throw new UserError(
              "manifests directory " + path + " holds no .yaml or .yml file",
              "render the experiment into it first");
        }
      } else {
        files = List.of(path);
      }
      List<HasMetadata> objects = new ArrayList<>();
      for (Path file : files) {
        objects.addAll(objectsIn(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
      }
      return of(objects, path.toString());
    } catch (IOException e) {
      throw new UserError(
          "cannot read manifests " + path + ": " + e.getMessage(),
          "check the path and its permissions",
          e);
    }
  }

  /** Wraps already-parsed objects (e.g. from the renderer), with the same checks. */
  public static Manifests of(List<HasMetadata> objects, String source) {
    Set<ObjectRef> seen = new HashSet<>();
    for (HasMetadata object : objects) {
      if (object.getMetadata() == null || object.getMetadata().getName() == null) {
        throw new UserError(
            source + " holds a " + object.getKind() + " without metadata.name",
            "give every object a name");
      }
      ObjectRef ref = ObjectRef.of(object);
      if (ManagedKind.of(object.getKind()).isEmpty()) {
        throw new UserError(
            source
                + " holds "
                + ref
                + ", a kind tfs-deploy does not manage (it manages "
                + ManagedKind.names()
                + ")",
            "remove it from the overlay, or apply it separately with kubectl");
      }
      if (!seen.add(ref)) {
        throw new UserError(
            source + " holds " + ref + " twice", "keep one definition of each object");
      }
    }
    if (objects.stream().noneMatch(Deployment.class::isInstance)) {
      throw new UserError(
          source + " holds no Deployment", "render an experiment of the TF Serving overlay");
    }
    return new Manifests(objects, source);
  }

  public List<HasMetadata> objects() {
    return objects;
  }

  public String source() {
    return source;
  }

  public List<ObjectRef> refs() {
    return objects.stream().map(ObjectRef::of).toList();
  }

  /** The TF Serving Deployment: the one named {@code name}, or the only one there is. */
  public Deployment deployment(Optional<String> name) {
    List<Deployment> deployments =
        objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
    if (name.isPresent()) {
      return deployments.stream()
          .filter(d -> d.getMetadata().getName().equals(name.get()))
          .findFirst()
          .orElseThrow(
              () ->
                  new UserError(
                      source
                          + " holds no Deployment named "
                          + name.get()
                          + " (it holds "
                          + names(deployments)
                          + ")",
                      "pass --deployment with one of those names"));
    }
    if (deployments.size() > 1) {
      throw new UserError(
          source + " holds several Deployments: " + names(deployments),
          "choose one with --deployment");
    }
    return deployments.get(0);
  }

  /** The Services that select the Deployment's pods (normally one: the model's endpoint). */
  public List<Service> servicesFor(Deployment deployment) {
    var podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    return objects.stream()
        .filter(Service.class::isInstance)
        .map(Service.class::cast)
        .filter(
            s ->
                s.getSpec().getSelector() != null
                    && podLabels != null
                    && podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet()))
        .toList();
  }

  /**
   * The model name the TF Serving container serves: its {@code MODEL_NAME} environment variable.
   */
  public static Optional<String> modelName(Deployment deployment) {
    List<EnvVar> env = servingContainer(deployment).getEnv();
    return env == null
        ? Optional.empty()
        : env.stream()
            .filter(
                e ->
                    "MODEL_NAME".equals(e.getName())
                        && e.getValue() != null
                        && !e.getValue().isBlank())
            .map(EnvVar::getValue)
            .findFirst();
  }

  /** The TF Serving container: the one with {@code MODEL_NAME} set, or else the first. */
  public static Container servingContainer(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    return containers.stream()
        .filter(
            c ->
                c.getEnv() != null
                    && c.getEnv().stream().anyMatch(e -> "MODEL_NAME".equals(e.getName())))
        .findFirst()
        .orElse(containers.get(0));
  }

  private static void collect(Object parsed, List<HasMetadata> into, String source) {
    if (parsed == null) {
      return;
    }
    if (parsed instanceof KubernetesResourceList<?> list) {
      list.getItems().forEach(item -> collect(item, into, source));
    } else if (parsed instanceof Collection<?> items) {
      items.forEach(item -> collect(item, into, source));
    } else if (parsed instanceof HasMetadata object) {
      into.add(object);
    } else {
      throw new UserError(
          source + " holds something that is not a Kubernetes object",
          "check the rendered manifests");
    }
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  private static String names(List<Deployment> deployments) {
    return String.join(", ", deployments.stream().map(d -> d.getMetadata().getName()).toList());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
