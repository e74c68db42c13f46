package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.cluster.rollout.RolloutProvenance;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeployProvenanceTest {
  static final String IMAGE = "registry.example/models/resnet@sha256:" + "a".repeat(64);

  static Deployment deployment(Map<String, String> annotations) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("tfs")
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("sidecar")
        .withImage("busybox")
        .endContainer()
        .addNewContainer()
        .withName("serving")
        .withImage(IMAGE)
        .addNewEnv()
        .withName("MODEL_NAME")
        .withValue("resnet")
        .endEnv()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void stampsTheReleaseTheServingImageAndUnderActionsTheCommitAndRun() {
    ActionsEnvironment actions =
        new ActionsEnvironment(
            Map.of(
                "GITHUB_SHA",
                "abc123",
                "GITHUB_SERVER_URL",
                "https://github.com",
                "GITHUB_REPOSITORY",
                "acme/app",
                "GITHUB_RUN_ID",
                "7"));

    RolloutProvenance stamp =
        new DeployProvenance("v1.2.0", "acme/models")
            .stamp(actions, Optional.of("exp"), deployment(Map.of()));

    assertThat(stamp)
        .isEqualTo(
            new RolloutProvenance(
                Optional.of("exp"),
                Optional.of(IMAGE),
                Optional.of("v1.2.0"),
                Optional.of("acme/models"),
                Optional.of("abc123"),
                Optional.of("https://github.com/acme/app/actions/runs/7")));
  }

  @Test
  void anUnknownReleaseIsLeftOutOfTheStamp() {
    RolloutProvenance stamp =
        new DeployProvenance(" ", null)
            .stamp(new ActionsEnvironment(Map.of()), Optional.empty(), deployment(Map.of()));

    assertThat(stamp.releaseTag()).isEmpty();
    assertThat(stamp.modelRepo()).isEmpty();
    assertThat(stamp.commit()).isEmpty();
  }

  @Test
  void theExperimentGivenWinsOverTheRenderersAnnotation() {
    Deployment annotated = deployment(Map.of(RolloutProvenance.EXPERIMENT, "rendered"));

    assertThat(DeployProvenance.experiment("given", annotated)).contains("given");
    assertThat(DeployProvenance.experiment(null, annotated)).contains("rendered");
    assertThat(DeployProvenance.experiment("", deployment(Map.of()))).isEmpty();
  }

  @Test
  void theJobSummaryShowsTheReleaseWithItsRepositoryOrADash() {
    assertThat(new DeployProvenance("v1", "acme/models").describeRelease())
        .isEqualTo("`acme/models` `v1`");
    assertThat(new DeployProvenance("v1", null).describeRelease()).isEqualTo("`v1`");
    assertThat(DeployProvenance.UNKNOWN.describeRelease()).isEqualTo("—");
  }
}
