package dev.tfsdeploy.cluster.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {
  @TempDir Path dir;

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: %s
      spec:
        selector:
          matchLabels: {app: m}
        template:
          metadata:
            labels: {app: m}
          spec:
            containers:
            - name: sidecar
              image: busybox
            - name: server
              image: tfs@sha256:00
              env:
              - name: MODEL_NAME
                value: resnet
      """;

  @Test
  void readsKustomizeOutputWithTheDeploymentItsServiceAndModelName() {
    Manifests manifests =
        Manifests.parse(RenderedExperiments.batching(RenderedExperiments.IMAGE_V1), "batching");

    var deployment = manifests.deployment(Optional.empty());
    assertThat(manifests.refs())
        .extracting(ObjectRef::toString)
        .containsExactly(
            "ConfigMap/tfs-batching-kd85fh756h", "Service/tfs-serving", "Deployment/tfs-serving");
    assertThat(manifests.servicesFor(deployment))
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("tfs-serving");
    assertThat(Manifests.modelName(deployment)).contains("model");
  }

  @Test
  void theServingContainerIsTheOneWithModelName() {
    var deployment = Manifests.parse(DEPLOYMENT.formatted("d"), "x").deployment(Optional.empty());

    assertThat(Manifests.servingContainer(deployment).getName()).isEqualTo("server");
    assertThat(Manifests.modelName(deployment)).contains("resnet");
  }

  @Test
  void readsEveryYamlFileOfADirectoryInNameOrder() throws IOException {
    Files.writeString(dir.resolve("b-deployment.yaml"), DEPLOYMENT.formatted("d"));
    Files.writeString(
        dir.resolve("a-config.yml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    Files.writeString(dir.resolve("notes.txt"), "not yaml");

    assertThat(Manifests.read(dir).refs())
        .extracting(ObjectRef::toString)
        .containsExactly("ConfigMap/c", "Deployment/d");
  }

  @Test
  void refusesAKindItWouldNeverPruneOrTearDown() {
    String yaml =
        DEPLOYMENT.formatted("d")
            + "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n";

    assertThatThrownBy(() -> Manifests.parse(yaml, "render.yaml"))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "render.yaml holds Ingress/web, a kind tfs-deploy does not manage (it manages"
                + " Deployment, Service, ConfigMap, Secret, ServiceAccount, PodDisruptionBudget,"
                + " HorizontalPodAutoscaler)");
  }

  @Test
  void refusesManifestsWithoutADeployment() {
    assertThatThrownBy(
            () ->
                Manifests.parse(
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n", "render.yaml"))
        .hasMessage("render.yaml holds no Deployment");
  }

  @Test
  void refusesTheSameObjectTwice() {
    assertThatThrownBy(
            () ->
                Manifests.parse(
                    DEPLOYMENT.formatted("d") + "---\n" + DEPLOYMENT.formatted("d"), "render.yaml"))
        .hasMessage("render.yaml holds Deployment/d twice");
  }

  @Test
  void asksWhichDeploymentWhenThereAreSeveral() {
    Manifests manifests =
        Manifests.parse(
            DEPLOYMENT.formatted("a") + "---\n" + DEPLOYMENT.formatted("b"), "render.yaml");

    assertThatThrownBy(() -> manifests.deployment(Optional.empty()))
        .isInstanceOf(UserError.class)
        .hasMessage("render.yaml holds several Deployments: a, b");
    assertThat(manifests.deployment(Optional.of("b")).getMetadata().getName()).isEqualTo("b");
    assertThatThrownBy(() -> manifests.deployment(Optional.of("c")))
        .hasMessage("render.yaml holds no Deployment named c (it holds a, b)");
  }

  @Test
  void refusesTextThatIsNotKubernetesYaml() {
    assertThatThrownBy(() -> Manifests.parse("kind: [unclosed", "render.yaml"))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("render.yaml is not valid Kubernetes YAML: ");
  }

  @Test
  void refusesAnEmptyDirectory() {
    assertThatThrownBy(() -> Manifests.read(dir))
        .hasMessage("manifests directory " + dir + " holds no .yaml or .yml file");
  }
}
