package dev.tfsdeploy.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.overlay.KubectlKustomize;
import dev.tfsdeploy.overlay.Kustomization;
import dev.tfsdeploy.overlay.RenderLayer;
import dev.tfsdeploy.overlay.RenderOptions;
import dev.tfsdeploy.overlay.RenderedObject;
import dev.tfsdeploy.overlay.Rendering;
import dev.tfsdeploy.sizing.GkeAllocatable;
import dev.tfsdeploy.sizing.MachineType;
import dev.tfsdeploy.sizing.Workload;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The project's own overlays in .kube/, rendered in-process and by kubectl kustomize. */
public class ExperimentOverlaysTest {
  /** The project's own .kube directory. */
  public static Path kubeDir() {
    return Path.of(System.getProperty("tfsdeploy.projectRoot", ".."))
        .resolve(".kube")
        .toAbsolutePath()
        .normalize();
  }

  static Stream<String> experiments() throws IOException {
    try (Stream<Path> dirs = Files.list(kubeDir().resolve("experiments"))) {
      return dirs.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @Test
  void theMatrixHasThePredecessorsFifteenExperiments() throws IOException {
    List<String> expected = new ArrayList<>();
    for (String size : List.of("2vCPU+4GB", "4vCPU+8GB", "8vCPU+16GB", "8vCPU+64GB")) {
      for (int n : new int[] {2, 4, 8}) {
        expected.add(size + "+inter_op" + n);
      }
    }
    for (int n : new int[] {2, 4, 8}) {
      expected.add("8vCPU+64GB+inter_op" + n + "_w_batch");
    }
    assertThat(experiments()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("experiments")
  void rendersExactlyAsKubectlKustomize(String name) {
    Path dir = kubeDir().resolve("experiments").resolve(name);
    assertThat(Kustomization.load(dir).render(RenderOptions.DEFAULT).yaml())
        .isEqualTo(KubectlKustomize.render(dir));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("experiments")
  void rendersWithImageDigestAndModelNameAsTheEquivalentKustomization(
      String name, @TempDir Path temp) throws IOException {
    Path dir = kubeDir().resolve("experiments").resolve(name);
    RenderOptions options =
        RenderOptions.DEFAULT.withLayer(
            new TfServingLayer(
                "europe-docker.pkg.dev/proj/models/half_plus_two@sha256:" + "ab".repeat(32),
                "half_plus_two"));
    Files.writeString(
        temp.resolve("kustomization.yaml"), RenderLayer.kustomizationYaml(temp, dir, options));

    Rendering rendering = Kustomization.load(dir).render(options);

    assertThat(rendering.yaml()).isEqualTo(KubectlKustomize.render(temp));
    Map<String, Object> container = container(rendering);
    assertThat(container.get("image"))
        .isEqualTo("europe-docker.pkg.dev/proj/models/half_plus_two@sha256:" + "ab".repeat(32));
    assertThat(rendering.yaml())
        .contains("path: /v1/models/half_plus_two/metadata")
        .contains("value: half_plus_two");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("experiments")
  void podsFitTheMachineTheirExperimentNamesLeavingRoomForDaemonSets(String name) {
    Rendering rendering =
        Kustomization.load(kubeDir().resolve("experiments").resolve(name))
            .render(RenderOptions.DEFAULT);
    Workload workload =
        Workload.of(
            (Deployment)
                Manifests.parse(rendering.yaml(), name).objects().stream()
                    .filter(Deployment.class::isInstance)
                    .findFirst()
                    .orElseThrow());
    MachineType machine = MachineType.parse(workload.machineType().orElseThrow()).orElseThrow();

    // "8vCPU+16GB": the machine has the named vCPUs, and at least the named memory.
    assertThat(name).startsWith(machine.vcpus() + "vCPU+");
    assertThat(machine.memoryMib() / 1024)
        .isGreaterThanOrEqualTo(
            Long.parseLong(name.replaceAll("^[0-9]+vCPU\\+([0-9]+)GB.*", "$1")));
    assertThat(workload.perPod().fitsIn(GkeAllocatable.forWorkloads(machine)))
        .as("%s per pod within what a %s leaves pods", workload.perPod(), machine.name())
        .isTrue();
  }

  @Test
  void batchingExperimentsMountTheirBatchingConfigByItsHashedName() {
    Rendering rendering =
        Kustomization.load(kubeDir().resolve("experiments/8vCPU+64GB+inter_op8_w_batch"))
            .render(RenderOptions.DEFAULT);
    RenderedObject configMap = rendering.find("ConfigMap").orElseThrow();
    assertThat(configMap.name()).matches("tfs-batching-[a-z0-9]{10}");
    assertThat(rendering.find("Deployment").orElseThrow().yaml())
        .contains("name: " + configMap.name());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> container(Rendering rendering) {
    Map<String, Object> deployment = rendering.find("Deployment").orElseThrow().content();
    Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
    Map<String, Object> template = (Map<String, Object>) spec.get("template");
    Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
    return (Map<String, Object>) ((List<Object>) podSpec.get("containers")).get(0);
  }
}
