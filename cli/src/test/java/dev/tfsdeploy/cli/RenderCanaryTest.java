package dev.tfsdeploy.cli;

import static dev.tfsdeploy.cli.RenderCommandTest.DIGEST_REF;
import static dev.tfsdeploy.cli.RenderCommandTest.KUBE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.cluster.rollout.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code render --strategy canary}: the objects a canary deploy would add, for review. */
class RenderCanaryTest {
  private static final String EXPERIMENT = "2vCPU+4GB+inter_op4";

  private static CommandRun render(String... canary) {
    String[] args = new String[7 + canary.length];
    String[] fixed = {
      "render", "--experiment", EXPERIMENT, "--kube-dir", KUBE.toString(), "--image", DIGEST_REF
    };
    System.arraycopy(fixed, 0, args, 0, fixed.length);
    System.arraycopy(canary, 0, args, fixed.length, canary.length);
    return CommandRun.of(args);
  }

  private static List<HasMetadata> objects(String yaml) {
    Object parsed = new KubernetesSerialization().unmarshal(yaml);
    if (parsed instanceof List<?> list) {
      return list.stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  @Test
  void replicasModeWritesTheCanaryDeploymentWithItsShareOfTheExperimentsReplicas() {
    CommandRun run = render("--strategy", "canary", "--canary-percent", "25");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<HasMetadata> objects = objects(run.stdout());
    assertThat(objects).hasSize(1);
    Deployment canary = (Deployment) objects.get(0);
    assertThat(canary.getMetadata().getName()).isEqualTo("tfs-serving-canary");
    assertThat(canary.getSpec().getReplicas()).isEqualTo(1);
    assertThat(Manifests.servingContainer(canary).getImage()).isEqualTo(DIGEST_REF);
    assertThat(run.stderr()).contains("deployment/tfs-serving runs 3 of its 4 replicas");
  }

  @Test
  void gatewayModeAddsTheCanaryServiceAndAWeightedHttpRoute() {
    CommandRun run =
        render(
            "--strategy",
            "canary",
            "--canary-mode",
            "gateway",
            "--gateway",
            "infra/external",
            "--canary-percent",
            "10");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<HasMetadata> objects = objects(run.stdout());
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly("Deployment", "Service", "HTTPRoute");
    HTTPRoute route = (HTTPRoute) objects.get(2);
    assertThat(route.getSpec().getRules().get(0).getBackendRefs())
        .extracting(b -> b.getName() + "=" + b.getWeight())
        .containsExactly("tfs-serving=90", "tfs-serving-canary=10");
  }

  @Test
  void aPercentTheExperimentsReplicasCannotExpressIsOneLine() {
    CommandRun run = render("--strategy", "canary", "--canary-percent", "10");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.stderr().strip())
        .isEqualTo(
            "error: 4 replicas cannot carry 10% of traffic — the nearest they can is 25% (1 of 4"
                + " pods); pass that, or use --canary-mode gateway for an exact split");
  }

  @Test
  void aCanaryRenderToADirectoryIsAUsageError() {
    CommandRun run = render("--strategy", "canary", "--out", "somewhere");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("--strategy canary prints the canary's objects; drop --out");
  }

  @Test
  void withoutStrategyTheRenderIsUnchanged() {
    CommandRun run = render();

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).doesNotContain("tfs-serving-canary");
  }
}
