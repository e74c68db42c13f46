package dev.tfsdeploy.cli;

import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V1;
import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.cluster.rollout.testing.KubeApi;
import dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {
  @TempDir Path dir;
  private ClusterFixture fixture;
  private Path batchingV1;

  @BeforeEach
  void deploy() {
    fixture = new ClusterFixture(dir);
    fixture.cluster.assignLoadBalancerAddress(ClusterFixture.LOAD_BALANCER_IP);
    batchingV1 = fixture.manifests("batching.yaml", RenderedExperiments.batching(IMAGE_V1));
    int exit = fixture.run("deploy", "--manifests", batchingV1.toString(), "--no-smoke");
    assertThat(exit).as(fixture.cli.stderr()).isZero();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void theManifestsJustDeployedShowNoChanges() {
    int exit = fixture.run("diff", "--manifests", batchingV1.toString());

    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    assertThat(fixture.cli.stdout()).isEmpty();
    assertThat(fixture.cli.stderr())
        .contains("unchanged Deployment/tfs-serving")
        .contains("no changes");
  }

  @Test
  void anotherExperimentShowsChangedFieldsNewObjectsAndPrunes() {
    Path nonBatching =
        fixture.manifests("non-batching.yaml", RenderedExperiments.nonBatching(IMAGE_V2));

    int exit = fixture.run("diff", "--manifests", nonBatching.toString());

    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    String diff = fixture.cli.stdout();
    assertThat(diff)
        .contains("--- live/Deployment/tfs-serving\n+++ new/Deployment/tfs-serving\n")
        .contains("\n-  replicas: 1\n+  replicas: 4\n")
        .contains("\n-        image: " + IMAGE_V1 + "\n+        image: " + IMAGE_V2 + "\n")
        .contains("--- /dev/null\n+++ new/PodDisruptionBudget/tfs-serving\n")
        .contains("--- live/ConfigMap/tfs-batching-kd85fh756h\n+++ /dev/null\n")
        .doesNotContain("resourceVersion")
        .doesNotContain("managedFields")
        .doesNotContain("uid:");
    assertThat(fixture.cli.stderr())
        .contains("create PodDisruptionBudget/tfs-serving")
        .contains("prune ConfigMap/tfs-batching-kd85fh756h")
        .contains("4 of 4 object(s) would change");
    assertThat(
            fixture
                .api
                .client()
                .apps()
                .deployments()
                .inNamespace(KubeApi.NAMESPACE)
                .withName("tfs-serving")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(1);
  }
}
