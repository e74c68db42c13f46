package dev.tfsdeploy.cli;

import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V1;
import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.testing.KubeApi;
import dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments;
import dev.tfsdeploy.cluster.rollout.testing.TfServingBackend;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy --strategy canary} and {@code canary status|promote|abort} on the mock cluster:
 * stable (four replicas, IMAGE_V1) was deployed rolling; the canary runs IMAGE_V2.
 */
class CanaryCommandTest {
  @TempDir Path dir;
  private ClusterFixture fixture;
  private TfServingBackend canaryServer;

  @BeforeEach
  void deployStable() {
    fixture = new ClusterFixture(dir);
    fixture.cluster.assignLoadBalancerAddress(ClusterFixture.LOAD_BALANCER_IP);
    fixture.serving.trafficPerScrape(300, 0, 4000);
    canaryServer = new TfServingBackend("model", "2", 0);
    fixture.cluster.servingBackend(IMAGE_V2, canaryServer.address());
    int exit = fixture.run("deploy", "--manifests", manifests(IMAGE_V1).toString(), "--no-smoke");
    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
  }

  @AfterEach
  void stop() {
    fixture.close();
    canaryServer.close();
  }

  private Path manifests(String image) {
    return fixture.manifests("experiment.yaml", RenderedExperiments.nonBatching(image));
  }

  private int canaryDeploy(String... extra) {
    String[] args = new String[extra.length + 8];
    String[] fixed = {
      "deploy",
      "--manifests",
      manifests(IMAGE_V2).toString(),
      "--strategy",
      "canary",
      "--canary-analysis",
      "1s",
      "--no-smoke"
    };
    System.arraycopy(fixed, 0, args, 0, fixed.length);
    System.arraycopy(extra, 0, args, fixed.length, extra.length);
    return fixture.run(args[0], Arrays.copyOfRange(args, 1, args.length));
  }

  private Deployment live(String name) {
    return fixture
        .api
        .client()
        .apps()
        .deployments()
        .inNamespace(KubeApi.NAMESPACE)
        .withName(name)
        .get();
  }

  @Test
  void aCanaryThatHoldsIsPromotedAndStableServesTheNewVersion() {
    canaryServer.trafficPerScrape(100, 0, 4000);

    int exit = canaryDeploy();

    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    assertThat(fixture.cli.stdout()).isEqualTo("promoted" + System.lineSeparator());
    assertThat(Manifests.servingContainer(live("tfs-serving")).getImage()).isEqualTo(IMAGE_V2);
    assertThat(live("tfs-serving-canary")).isNull();
    assertThat(fixture.cli.stderr())
        .contains("canary: 100 requests, 0 errors (0.00%), p99 ")
        .contains("verdict: promote");
  }

  @Test
  void aCanaryThatErrsIsAbortedWithExitOneAndStableIsUntouched() {
    canaryServer.trafficPerScrape(80, 20, 4000);

    int exit = canaryDeploy();

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains("canary error rate 20.00% is above 1.00%")
        .contains("was aborted");
    assertThat(Manifests.servingContainer(live("tfs-serving")).getImage()).isEqualTo(IMAGE_V1);
    assertThat(live("tfs-serving").getSpec().getReplicas()).isEqualTo(4);
    assertThat(live("tfs-serving-canary")).isNull();
  }

  @Test
  void aManualCanaryWaitsThenStatusShowsItAndPromoteFinishesIt() {
    canaryServer.trafficPerScrape(100, 0, 4000);

    assertThat(canaryDeploy("--canary-decision", "manual")).isEqualTo(ExitCode.OK);
    assertThat(fixture.cli.stdout()).isEqualTo("waiting" + System.lineSeparator());

    assertThat(fixture.run("canary", "status")).isEqualTo(ExitCode.OK);
    assertThat(fixture.cli.stdout())
        .contains("deployment: tfs-serving")
        .contains("share:      25%")
        .contains("canary:     " + IMAGE_V2 + " (1 ready)")
        .contains("verdict:    promote");

    assertThat(fixture.run("canary", "promote")).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    assertThat(Manifests.servingContainer(live("tfs-serving")).getImage()).isEqualTo(IMAGE_V2);
  }

  @Test
  void abortByHandLeavesStableAsItWas() {
    canaryServer.trafficPerScrape(100, 0, 4000);
    canaryDeploy("--canary-decision", "manual");

    assertThat(fixture.run("canary", "abort")).isEqualTo(ExitCode.OK);

    assertThat(live("tfs-serving-canary")).isNull();
    assertThat(Manifests.servingContainer(live("tfs-serving")).getImage()).isEqualTo(IMAGE_V1);
  }

  @Test
  void statusWithoutACanarySaysSo() {
    assertThat(fixture.run("canary", "status")).isEqualTo(ExitCode.OK);
    assertThat(fixture.cli.stdout()).isEqualTo("no canary in progress" + System.lineSeparator());
  }

  @Test
  void aPercentTheReplicasCannotCarryFailsBeforeAnythingIsApplied() {
    int exit = canaryDeploy("--canary-percent", "10");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains("4 replicas cannot carry 10% of traffic — the nearest they can is 25%");
    assertThat(live("tfs-serving-canary")).isNull();
  }

  @Test
  void anUnknownStrategyIsOneLineNamingTheChoices() {
    int exit =
        fixture.run(
            "deploy", "--manifests", manifests(IMAGE_V2).toString(), "--strategy", "blue-green");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains("--strategy blue-green is not a strategy — pass rolling or canary");
  }

  @Test
  void anUnknownDecisionIsOneLineAndNothingIsApplied() {
    int exit = canaryDeploy("--canary-decision", "maybe");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains("--canary-decision maybe is not a decision — pass auto or manual");
    assertThat(live("tfs-serving-canary")).isNull();
  }

  @Test
  void withoutMetricsTheCanaryIsJudgedByAnActiveProbeAndTheSummarySaysSo() throws IOException {
    Path summary = Files.createFile(dir.resolve("summary.md"));
    fixture.cli.env.put("GITHUB_ACTIONS", "true");
    fixture.cli.env.put("GITHUB_STEP_SUMMARY", summary.toString());
    fixture.serving.metricsOff();
    canaryServer.metricsOff().failEveryNthPredict(4);

    // One second at 30 requests/s: about 30 requests to each track.
    int exit = canaryDeploy("--probe-rate", "30", "--canary-min-requests", "15");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains("judging by an active probe instead, 30 requests/s")
        .contains("verdict: abort (judged by an active probe of each track)")
        .contains("was aborted");
    assertThat(Files.readString(summary)).contains("Judged by an active probe of each track.");
    assertThat(Manifests.servingContainer(live("tfs-serving")).getImage()).isEqualTo(IMAGE_V1);
  }

  @Test
  void anUnknownSignalSourceIsOneLineAndNothingIsApplied() {
    int exit = canaryDeploy("--canary-signals", "logs");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains("--canary-signals logs is not a signal source — pass auto, metrics or probe");
    assertThat(live("tfs-serving-canary")).isNull();
  }

  @Test
  void aProbeRateThatIsNotARateIsOneLineAndNothingIsApplied() {
    int exit = canaryDeploy("--probe-rate", "0");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains("--probe-rate 0.0 is not a rate — pass a positive number of requests/s");
    assertThat(live("tfs-serving-canary")).isNull();
  }

  @Test
  void canaryWithoutASubcommandIsAUsageError() {
    assertThat(fixture.cli.run("canary")).isEqualTo(ExitCode.USAGE);
  }
}
