package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.sizing.GkeMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the rollout decides before it reaches a cluster; RunCommandTest and DeployCommandTest roll
 * out.
 */
class ServingRolloutTest {
  static final ServingRollout.Settings SETTINGS =
      new ServingRollout.Settings(
          null,
          List.of(),
          Duration.ofMinutes(10),
          true,
          true,
          null,
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          GkeMode.STANDARD);

  @TempDir Path temp;
  final StepContexts steps = new StepContexts();

  static Manifests deployment(String image, String env) {
    return Manifests.parse(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: tfs}
        spec:
          replicas: 1
          selector: {matchLabels: {app: tfs}}
          template:
            metadata: {labels: {app: tfs}}
            spec:
              containers:
              - name: serving
                image: %s
                env: %s
        """
            .formatted(image, env),
        "test manifests");
  }

  private ServingRollout unreachableCluster() {
    return new ServingRollout(
        steps.context, new ClusterConnection(temp.resolve("no-kubeconfig"), null, null));
  }

  @Test
  void anUnknownModelNameIsAskedForBeforeTheClusterIsReached() {
    ServingRollout.Request request =
        new ServingRollout.Request(
            deployment("registry.example/m@sha256:" + "b".repeat(64), "[]"),
            null,
            null,
            DeployProvenance.UNKNOWN,
            SETTINGS);

    assertThatThrownBy(() -> unreachableCluster().deploy(request))
        .isInstanceOf(UserError.class)
        .hasMessage("the model name is unknown: the Deployment's container sets no MODEL_NAME")
        .satisfies(e -> assertThat(((UserError) e).fix()).contains("--model-name"));
  }

  @Test
  void anImageNotPinnedByDigestIsWarnedAboutBeforeTheClusterIsReached() {
    ServingRollout.Request request =
        new ServingRollout.Request(
            deployment("registry.example/m:latest", "[{name: MODEL_NAME, value: m}]"),
            null,
            null,
            DeployProvenance.UNKNOWN,
            SETTINGS);

    assertThatThrownBy(() -> unreachableCluster().dryRun(request))
        .isInstanceOf(RuntimeException.class);
    assertThat(steps.stderr())
        .contains("warning: image registry.example/m:latest is not pinned by digest");
  }
}
