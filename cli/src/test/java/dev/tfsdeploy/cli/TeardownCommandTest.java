package dev.tfsdeploy.cli;

import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.cluster.rollout.testing.KubeApi;
import dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeardownCommandTest {
  @TempDir Path dir;
  private ClusterFixture fixture;

  @BeforeEach
  void deploy() {
    fixture = new ClusterFixture(dir);
    fixture.cluster.assignLoadBalancerAddress(ClusterFixture.LOAD_BALANCER_IP);
    int exit =
        fixture.run(
            "deploy",
            "--manifests",
            fixture.manifests("m.yaml", RenderedExperiments.batching(IMAGE_V1)).toString(),
            "--no-smoke");
    assertThat(exit).as(fixture.cli.stderr()).isZero();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private int remaining() {
    var client = fixture.api.client();
    return client.apps().deployments().inNamespace(KubeApi.NAMESPACE).list().getItems().size()
        + client.services().inNamespace(KubeApi.NAMESPACE).list().getItems().size()
        + (int)
            client.configMaps().inNamespace(KubeApi.NAMESPACE).list().getItems().stream()
                .filter(c -> c.getMetadata().getName().startsWith("tfs-"))
                .count();
  }

  @Test
  void withYesDeletesEverythingLabelledForTheAppAndPrintsWhatWasRemoved() {
    int exit = fixture.run("teardown", "--yes");

    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    assertThat(fixture.cli.stdout().lines())
        .containsExactly(
            "Deployment/tfs-serving", "Service/tfs-serving", "ConfigMap/tfs-batching-kd85fh756h");
    assertThat(remaining()).isZero();
  }

  @Test
  void withoutYesAndWithoutATerminalRefusesAndDeletesNothing() {
    int exit = fixture.run("teardown");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains("  Service/tfs-serving")
        .contains(
            "error: teardown would delete 3 object(s) and there is no terminal to ask — pass --yes"
                + " to delete them");
    assertThat(remaining()).isEqualTo(3);
  }

  @Test
  void underActionsRequiresYes() {
    fixture.cli.env.put("GITHUB_ACTIONS", "true");

    int exit = fixture.run("teardown");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr()).contains("::error::teardown under GitHub Actions needs --yes");
    assertThat(remaining()).isEqualTo(3);
  }

  @Test
  void leavesObjectsOfOtherAppsAlone() {
    fixture
        .api
        .client()
        .configMaps()
        .inNamespace(KubeApi.NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("tfs-other")
                .addToLabels("app.kubernetes.io/managed-by", "tfs-deploy")
                .addToLabels("app.kubernetes.io/instance", "other")
                .endMetadata()
                .build())
        .create();

    fixture.run("teardown", "--yes", "--deployment", "tfs-serving");

    assertThat(
            fixture
                .api
                .client()
                .configMaps()
                .inNamespace(KubeApi.NAMESPACE)
                .withName("tfs-other")
                .get())
        .isNotNull();
  }

  @Test
  void saysSoWhenThereIsNothingToRemove() {
    fixture.run("teardown", "--yes");

    int exit = fixture.run("teardown", "--yes", "--deployment", "tfs-serving");

    assertThat(exit).isEqualTo(ExitCode.OK);
    assertThat(fixture.cli.stderr())
        .contains(
            "nothing to remove: no object in namespace serving carries "
                + "app.kubernetes.io/managed-by=tfs-deploy,app.kubernetes.io/instance=tfs-serving");
    assertThat(fixture.cli.stdout()).isEmpty();
  }
}
