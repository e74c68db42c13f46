package dev.tfsdeploy.cli;

import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.cluster.rollout.testing.KubeApi;
import dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
  @TempDir Path dir;
  private ClusterFixture fixture;

  @BeforeEach
  void deploy() {
    fixture = new ClusterFixture(dir);
    fixture.cluster.assignLoadBalancerAddress(ClusterFixture.LOAD_BALANCER_IP);
    fixture.cli.env.put("GITHUB_SHA", "4f2e1d0c9b8a");
    int exit =
        fixture.run(
            "deploy",
            "--manifests",
            fixture.manifests("m.yaml", RenderedExperiments.batching(IMAGE_V1)).toString(),
            "--no-smoke",
            "--release-tag",
            "v3");
    assertThat(exit).as(fixture.cli.stderr()).isZero();
    fixture.cli.env.clear();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void showsExperimentDigestReplicasProvenanceAndTheModelsVersionState() {
    int exit = fixture.run("status");

    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    assertThat(fixture.cli.stdout())
        .contains("deployment:  serving/tfs-serving (revision 1)")
        .contains("experiment:  " + RenderedExperiments.BATCHING)
        .contains(
            "digest:      sha256:1111111111111111111111111111111111111111111111111111111111111111")
        .contains("replicas:    1/1 ready")
        .contains("release-tag: v3")
        .contains("commit:      4f2e1d0c9b8a")
        .contains("model:       model: version 1 ");
  }

  @Test
  void jsonCarriesTheSameFacts() throws Exception {
    int exit = fixture.run("status", "--json");

    assertThat(exit).isEqualTo(ExitCode.OK);
    JsonNode status = new ObjectMapper().readTree(fixture.cli.stdout());
    assertThat(status.path("experiment").asText()).isEqualTo(RenderedExperiments.BATCHING);
    assertThat(status.path("image").asText()).isEqualTo(IMAGE_V1);
    assertThat(status.path("replicas").path("ready").asInt()).isEqualTo(1);
    assertThat(status.path("model").path("versions").get(0).path("version").asText())
        .isEqualTo("1");
    assertThat(status.path("model").path("versions").get(0).path("state").asText())
        .isIn("LOADING", "AVAILABLE");
  }

  @Test
  void skipsTheModelStateGracefullyWhenNoPodIsReady() {
    fixture.api.client().pods().inNamespace(KubeApi.NAMESPACE).delete();

    int exit = fixture.run("status");

    assertThat(exit).isEqualTo(ExitCode.OK);
    assertThat(fixture.cli.stdout()).contains("model:       model: no ready pod to ask");
  }

  @Test
  void namesTheNamespaceWhenNothingIsDeployedThere() {
    int exit = fixture.run("status", "--namespace", "elsewhere");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains(
            "error: tfs-deploy manages no Deployment in namespace elsewhere — check --namespace");
  }
}
