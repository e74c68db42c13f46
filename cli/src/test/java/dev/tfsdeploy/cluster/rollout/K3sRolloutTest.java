package dev.tfsdeploy.cluster.rollout;

import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_BROKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The rollout behaviours of {@link DeployerTest}, against a real API server, Deployment controller
 * and kubelet (k3s in Docker) instead of the mock server and the simulated controller: real
 * server-side apply, a real ImagePullBackOff, a real progress deadline, a real rollback.
 *
 * <p>Skipped unless TFS_DEPLOY_K3S_TESTS=true: it needs a Docker daemon that can pull {@code
 * rancher/k3s} and {@code registry.k8s.io/pause} (GitHub's hosted runners can); the machine this
 * project is built on reaches only Maven Central, Debian and npm, so there the mock-server tests
 * are the ones that run.
 */
@EnabledIfEnvironmentVariable(
    named = "TFS_DEPLOY_K3S_TESTS",
    matches = "true",
    disabledReason =
        "needs Docker that can pull rancher/k3s (set TFS_DEPLOY_K3S_TESTS=true where it can, e.g."
            + " GitHub's runners)")
class K3sRolloutTest {
  private static final String NAMESPACE = "serving";

  /** A tiny image that runs and stays up, standing in for a TF Serving image that starts. */
  private static final String RUNS = "registry.k8s.io/pause:3.10";

  private static K3sContainer k3s;
  private static KubernetesClient client;

  @BeforeAll
  static void startCluster() {
    k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));
    k3s.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
            .build();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
  }

  @AfterAll
  static void stopCluster() {
    if (client != null) {
      client.close();
    }
    if (k3s != null) {
      k3s.stop();
    }
  }

  /**
   * The batching experiment made to fit a one-node test cluster: small resources, no probes (the
   * stand-in image serves nothing), a 20 second progress deadline.
   */
  private static DeployRequest request(String image, Duration timeout) {
    Manifests rendered =
        Manifests.parse(RenderedExperiments.batching(image), RenderedExperiments.BATCHING);
    List<HasMetadata> objects = rendered.objects();
    for (HasMetadata object : objects) {
      if (object instanceof Deployment deployment) {
        deployment.getSpec().setProgressDeadlineSeconds(20);
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        container.setReadinessProbe(null);
        container.setLivenessProbe(null);
        container.setStartupProbe(null);
        container.setArgs(List.of());
        container.setResources(
            new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("10m"))
                .addToRequests("memory", new Quantity("16Mi"))
                .build());
      }
    }
    return new DeployRequest(
        Manifests.of(objects, "k3s"), Optional.empty(), RolloutProvenance.NONE, timeout, true);
  }

  @Test
  void aHealthyRevisionRollsOutAndABrokenOneIsDiagnosedAndRolledBack() {
    Deployer deployer = new Deployer(client, NAMESPACE, RolloutListener.NONE);
    deployer.deploy(request(RUNS, Duration.ofMinutes(3)));

    RolloutFailedException failure =
        catchThrowableOfType(
            RolloutFailedException.class,
            () -> deployer.deploy(request(IMAGE_BROKEN, Duration.ofMinutes(3))));

    assertThat(failure.diagnosis().reasons()).containsAnyOf("ImagePullBackOff", "ErrImagePull");
    assertThat(failure.getMessage()).contains("rolled back to revision 1 (" + RUNS + ")");
    Deployment live =
        client.apps().deployments().inNamespace(NAMESPACE).withName("tfs-serving").get();
    assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(RUNS);
  }
}
