package dev.tfsdeploy.cli;

import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_BROKEN;
import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V1;
import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.cluster.rollout.testing.KubeApi;
import dev.tfsdeploy.cluster.rollout.testing.PodFate;
import dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployCommandTest {
  private static final String REST_URL =
      "http://" + ClusterFixture.LOAD_BALANCER_IP + ":8501/v1/models/model:predict";

  @TempDir Path dir;
  private ClusterFixture fixture;

  @BeforeEach
  void start() {
    fixture = new ClusterFixture(dir);
    fixture.cluster.assignLoadBalancerAddress(ClusterFixture.LOAD_BALANCER_IP);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private Path batching(String image) {
    return fixture.manifests("batching.yaml", RenderedExperiments.batching(image));
  }

  private Deployment live() {
    return fixture
        .api
        .client()
        .apps()
        .deployments()
        .inNamespace(KubeApi.NAMESPACE)
        .withName("tfs-serving")
        .get();
  }

  @Test
  void printsOnlyTheRestUrlOnStdoutAfterRolloutSmokeCheckAndEndpoint() {
    int exit =
        fixture.run("deploy", "--manifests", batching(IMAGE_V1).toString(), "--timeout", "30s");

    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    assertThat(fixture.cli.stdout()).isEqualTo(REST_URL + System.lineSeparator());
    assertThat(fixture.cli.stderr())
        .contains("deployment/tfs-serving rolled out")
        .contains("smoke check: model 'model' version 1 AVAILABLE on pod/tfs-serving-")
        .contains("gRPC: " + ClusterFixture.LOAD_BALANCER_IP + ":8500");
  }

  @Test
  void rendersTheExperimentInProcessWithThePinnedImageAndDeploysIt() {
    Path kubeDir = Path.of(System.getProperty("tfsdeploy.projectRoot", ".."), ".kube");

    int exit =
        fixture.run(
            "deploy",
            "--experiment",
            "8vCPU+64GB+inter_op2_w_batch",
            "--kube-dir",
            kubeDir.toString(),
            "--image",
            IMAGE_V1,
            "--no-smoke");

    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    assertThat(live().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(IMAGE_V1);
    assertThat(live().getMetadata().getAnnotations())
        .containsEntry("tfs-deploy.dev/experiment", "8vCPU+64GB+inter_op2_w_batch");
  }

  @Test
  void smokeCheckAsksTheServerThroughAPortForwardUntilTheModelIsAvailableThenPredicts()
      throws IOException {
    Path request =
        Files.writeString(dir.resolve("request.json"), "{\"instances\": [1.0, 2.0, 5.0]}");

    int exit =
        fixture.run(
            "deploy",
            "--manifests",
            batching(IMAGE_V1).toString(),
            "--smoke-request",
            request.toString());

    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    assertThat(fixture.serving.requests())
        .containsExactly(
            "GET /v1/models/model",
            "GET /v1/models/model",
            "GET /v1/models/model",
            "POST /v1/models/model:predict");
    assertThat(fixture.cli.stderr())
        .contains("smoke predict answer: {\"predictions\":[2.5,3.0,4.5]}");
  }

  @Test
  void aSmokeCheckForAModelTheServerDoesNotServeFailsNamingIt() {
    int exit =
        fixture.run(
            "deploy",
            "--manifests",
            batching(IMAGE_V1).toString(),
            "--model-name",
            "resnet",
            "--smoke-timeout",
            "1s");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains(
            "error: model 'resnet' is not AVAILABLE after 1s: TF Serving serves no model named"
                + " 'resnet'");
    assertThat(fixture.cli.stdout()).isEmpty();
  }

  @Test
  void underActionsSetsOutputsAndAJobSummaryAndStampsTheRun() throws IOException {
    Path outputs = Files.createFile(dir.resolve("github_output"));
    Path summary = Files.createFile(dir.resolve("summary.md"));
    fixture.cli.env.put("GITHUB_ACTIONS", "true");
    fixture.cli.env.put("GITHUB_OUTPUT", outputs.toString());
    fixture.cli.env.put("GITHUB_STEP_SUMMARY", summary.toString());
    fixture.cli.env.put("GITHUB_SHA", "4f2e1d0c9b8a");
    fixture.cli.env.put("GITHUB_SERVER_URL", "https://github.com");
    fixture.cli.env.put("GITHUB_REPOSITORY", "acme/deploy");
    fixture.cli.env.put("GITHUB_RUN_ID", "77");
    fixture.cli.env.put("MODEL_RELEASE_REPO", "acme/half-plus-two");

    int exit =
        fixture.run(
            "deploy",
            "--manifests",
            batching(IMAGE_V1).toString(),
            "--no-smoke",
            "--release-tag",
            "v2.0.0");

    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    String written = Files.readString(outputs);
    assertThat(written)
        .containsPattern("endpoint<<(\\S+)\\n" + ClusterFixture.LOAD_BALANCER_IP + "\\n\\1")
        .containsPattern("rest-url<<(\\S+)\\n" + REST_URL.replace(".", "\\.") + "\\n\\1")
        .containsPattern(
            "grpc-address<<(\\S+)\\n"
                + ClusterFixture.LOAD_BALANCER_IP.replace(".", "\\.")
                + ":8500\\n\\1")
        .contains(IMAGE_V1)
        .containsPattern(
            "experiment<<(\\S+)\\n" + RenderedExperiments.BATCHING.replace("+", "\\+") + "\\n\\1");
    assertThat(Files.readString(summary))
        .contains("| Image | `" + IMAGE_V1 + "` |")
        .contains("| REST | `" + REST_URL + "` |");
    assertThat(live().getMetadata().getAnnotations())
        .containsEntry("tfs-deploy.dev/commit", "4f2e1d0c9b8a")
        .containsEntry("tfs-deploy.dev/run-url", "https://github.com/acme/deploy/actions/runs/77")
        .containsEntry("tfs-deploy.dev/model-repo", "acme/half-plus-two")
        .containsEntry("tfs-deploy.dev/release-tag", "v2.0.0");
  }

  @Test
  void theKubeconfigTokenNeverReachesAnyOutput() throws IOException {
    Path outputs = Files.createFile(dir.resolve("github_output"));
    fixture.cli.env.put("GITHUB_ACTIONS", "true");
    fixture.cli.env.put("GITHUB_OUTPUT", outputs.toString());
    fixture.cluster.fate(IMAGE_BROKEN, PodFate.CRASH_LOOP);
    fixture.run("deploy", "--manifests", batching(IMAGE_V1).toString());

    fixture.run("deploy", "--manifests", batching(IMAGE_BROKEN).toString(), "--debug");

    String token = "test-token-not-secret-but-masked";
    assertThat(fixture.cli.stdout()).doesNotContain(token);
    assertThat(fixture.cli.stderr().lines().filter(line -> !line.startsWith("::add-mask::")))
        .noneMatch(l -> l.contains(token));
    assertThat(fixture.cli.stderr()).contains("::add-mask::" + token);
    assertThat(Files.readString(outputs)).doesNotContain(token);
  }

  @Test
  void aFailedRolloutShowsWhyRollsBackAndExitsWithFailure() {
    fixture.run("deploy", "--manifests", batching(IMAGE_V1).toString(), "--no-smoke");
    fixture.cluster.fate(IMAGE_BROKEN, PodFate.CRASH_LOOP);

    int exit =
        fixture.run("deploy", "--manifests", batching(IMAGE_BROKEN).toString(), "--no-smoke");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stdout()).isEmpty();
    String err = fixture.cli.stderr();
    assertThat(err)
        .contains("== why deployment/tfs-serving failed")
        .containsPattern("pod/tfs-serving-\\w+-0 \\(tfs-serving\\): CrashLoopBackOff")
        .contains("recent events:")
        .contains("Warning BackOff pod/tfs-serving-")
        .contains(
            "  Failed to start server. Error: NOT_FOUND: Could not find base path /models/model for"
                + " servable model");
    assertThat(err.lines().filter(l -> l.startsWith("error: ")).toList())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("rollout of deployment/tfs-serving failed: ProgressDeadlineExceeded")
                    .contains("rolled back to revision 1 (" + IMAGE_V1 + ")"));
    assertThat(live().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(IMAGE_V1);
  }

  @Test
  void aFailedRollbackIsReportedAsSuch() {
    fixture.run("deploy", "--manifests", batching(IMAGE_V1).toString(), "--no-smoke");
    // The first image disappeared from the registry since: returning to it cannot work either.
    fixture
        .cluster
        .fate(IMAGE_V1, PodFate.IMAGE_PULL_BACKOFF)
        .fate(IMAGE_BROKEN, PodFate.IMAGE_PULL_BACKOFF);
    fixture.api.client().pods().inNamespace(KubeApi.NAMESPACE).delete();

    int exit =
        fixture.run("deploy", "--manifests", batching(IMAGE_BROKEN).toString(), "--no-smoke");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains("; the rollback to revision 1 failed too: ProgressDeadlineExceeded");
  }

  @Test
  void dryRunPrintsWhatTheServerWouldApplyAndChangesNothing() {
    int exit = fixture.run("deploy", "--manifests", batching(IMAGE_V1).toString(), "--dry-run");

    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    assertThat(fixture.cli.stdout())
        .contains("kind: ConfigMap")
        .contains("kind: Deployment")
        .contains("image: " + IMAGE_V1)
        .contains("app.kubernetes.io/managed-by: tfs-deploy");
    assertThat(fixture.cli.stderr())
        .contains("dry run (server-side, namespace serving): 3 object(s) would be applied");
    assertThat(live()).isNull();
  }

  @Test
  void endpointThatNeverGetsAnAddressFailsAfterTheEndpointTimeout() {
    fixture.cluster.assignLoadBalancerAddress(null);
    fixture.api.client().services().inNamespace(KubeApi.NAMESPACE).delete();

    int exit =
        fixture.run(
            "deploy",
            "--manifests",
            batching(IMAGE_V2).toString(),
            "--no-smoke",
            "--endpoint-timeout",
            "1s");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains("error: service/tfs-serving has no external address after 1s")
        .contains("kubectl describe service tfs-serving -n serving");
  }

  @Test
  void refusesAMissingManifestsFile() {
    int exit = fixture.run("deploy", "--manifests", dir.resolve("nope.yaml").toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains("error: manifests " + dir.resolve("nope.yaml") + " do not exist");
  }

  @Test
  void withoutManifestsOrExperimentSaysWhatToPass() {
    int exit = fixture.run("deploy");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains(
            "error: nothing to deploy — pass --manifests FILE|DIR, or --experiment NAME with"
                + " --image REF");
  }

  @Test
  void aTimeoutThatIsNotADurationIsAUsageError() {
    int exit =
        fixture.run("deploy", "--manifests", batching(IMAGE_V1).toString(), "--timeout", "soon");

    assertThat(exit).isEqualTo(ExitCode.USAGE);
    assertThat(fixture.cli.stderr())
        .contains("'soon' is not a duration (examples: 90s, 10m, 1h30m)");
  }
}
