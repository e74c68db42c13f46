package dev.tfsdeploy.pipeline;

import static dev.tfsdeploy.pipeline.ProjectFiles.EXAMPLE_MODEL;
import static dev.tfsdeploy.pipeline.ProjectFiles.EXAMPLE_MODEL_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.cluster.kubeconfig.Kubeconfig;
import dev.tfsdeploy.cluster.kubeconfig.TokenPluginScripts;
import dev.tfsdeploy.cluster.rollout.testing.ClusterSimulator;
import dev.tfsdeploy.cluster.rollout.testing.KubeApi;
import dev.tfsdeploy.cluster.rollout.testing.TfServingBackend;
import dev.tfsdeploy.cluster.testing.GkeApiServer;
import dev.tfsdeploy.cluster.testing.GkeClusterJson;
import dev.tfsdeploy.gcp.testing.GoogleTokenServer;
import dev.tfsdeploy.gcp.testing.TestServiceAccount;
import dev.tfsdeploy.image.TestRegistry;
import dev.tfsdeploy.release.GitHubFixtures;
import dev.tfsdeploy.release.GitHubFixtures.ReleaseJson;
import dev.tfsdeploy.release.StorageServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Each composite action's {@code run:} steps under bash with the built jar, as a runner would run
 * them (see {@link CompositeRunner}): the CLI installed from this action's release, then the steps
 * against local stand-ins for everything remote — a GitHub API on MockWebServer, a real registry,
 * loopback GKE and Google token servers, and Fabric8's mock Kubernetes API with a simulated
 * controller. The {@code uses:} steps (setup-java, cache, google-github-actions/auth) are not run:
 * this JVM's JDK stands in for setup-java, and GOOGLE_APPLICATION_CREDENTIALS in the job's env for
 * what auth exports.
 */
@Testcontainers
class ActionsIT {
  static final String ACTION_REPOSITORY = "acme/tfs-deploy";
  static final String MODEL_REPOSITORY = "acme/models";
  static final String EXPERIMENT = "2vCPU+4GB+inter_op2";
  static final String LOAD_BALANCER_IP = "34.118.10.20";
  static final String TOKEN = "ghs_ActionsItT0kenThatMustNeverLeak0123456";

  @Container static final TestRegistry registry = new TestRegistry().withServingBase();
  static ActionRelease release;

  @TempDir static Path shared;
  @TempDir Path temp;
  Path workspace;

  @BeforeAll
  static void publish() throws Exception {
    Path jar =
        Path.of(System.getProperty("tfsdeploy.jar", "target/tfs-deploy.jar")).toAbsolutePath();
    assertThat(jar)
        .as("the fat jar; `./mvnw verify` packages it before the integration tests")
        .isRegularFile();
    release = new ActionRelease(shared.resolve("github"), ACTION_REPOSITORY);
    // As release.yml leaves it: v1.2.3 with the jar, and the major tag v1 moved onto its commit;
    // a later v1.3.0 (on another commit, no jar) must not be what v1 resolves to.
    release.commit("first", "v1.2.3", "v1");
    release.attachJar("v1.2.3", jar, ActionRelease.sha256Line(jar));
    release.commit("second", "v1.3.0");
    release.commit("tampered", "v9.9.9");
    release.attachJar("v9.9.9", jar, "0".repeat(64) + "  tfs-deploy.jar\n");
  }

  @BeforeEach
  void workspace() throws Exception {
    workspace = Files.createDirectories(temp.resolve("workspace"));
  }

  /**
   * A runner for one of the actions, at ref v1 of this action's repository, installing from its
   * release.
   */
  private CompositeRunner runner(String action) {
    return runner(ActionFile.load(action));
  }

  /**
   * The same on JDK 25, as actions/setup-java installs it: the aot step makes the CLI's
   * ahead-of-time cache (seconds of training), for the tests about how the CLI is installed and
   * started. Skipped where no JDK 25 is installed.
   */
  private CompositeRunner runnerWithCache(String action) throws IOException {
    Optional<Path> jdk25 = Jdks.release(25);
    assumeThat(jdk25).as("a JDK 25 (TFS_DEPLOY_TEST_JDK25, or one in /usr/lib/jvm)").isPresent();
    return runner(action).env("JAVA_HOME", jdk25.get().toString());
  }

  private CompositeRunner runner(ActionFile action) {
    return new CompositeRunner(action, workspace, temp.resolve("runner"))
        .github("action_ref", "v1")
        .github("action_repository", ACTION_REPOSITORY)
        .github("repository", MODEL_REPOSITORY)
        .github("token", TOKEN)
        .env("GITHUB_SERVER_URL", release.serverUrl())
        .env("GITHUB_REPOSITORY", MODEL_REPOSITORY)
        .require("cli", "installed", "true");
  }

  private static void assertSucceeded(CompositeRunner.Result result) {
    assertThat(result.succeeded())
        .as("failed at step %s:\n%s", result.failedStep(), result.log())
        .isTrue();
  }

  @Test
  void theMajorTagInstallsTheJarOfTheVersionTagOnItsCommitCheckedAgainstItsSha256()
      throws Exception {
    CompositeRunner.Result result = runner("setup").stopAfter("cli-build").run(Map.of());

    assertSucceeded(result);
    assertThat(result.stepOutputs().get("cli")).containsEntry("installed", "true");
    assertThat(result.log())
        .containsPattern("tfs-deploy.jar of release v1\\.2\\.3: SHA-256 [0-9a-f]{64} verified")
        .containsPattern(
            "tfs-deploy \\S+ from "
                + temp.resolve("runner/tfs-deploy-cli/release-v1.2.3/tfs-deploy.jar"));
    Path launcher = temp.resolve("runner/tfs-deploy-cli/bin/tfs-deploy");
    assertThat(launcher).isExecutable();
    assertThat(result.path()).containsExactly(launcher.getParent().toString());
    assertThat(result.skipped()).containsExactly("actions/setup-java@v4", "actions/cache@v4");
  }

  @Test
  void theAotStepMakesTheCacheThatTheLauncherStartsWith() throws Exception {
    CompositeRunner.Result result = runnerWithCache("setup").stopAfter("cli-aot").run(Map.of());

    assertSucceeded(result);
    Path dir = temp.resolve("runner/tfs-deploy-cli/release-v1.2.3");
    Path cache = dir.resolve("tfs-deploy.aot");
    assertThat(result.stepOutputs().get("cli-build"))
        .containsEntry("aot-cache", cache.toString())
        .hasEntrySatisfying(
            "aot-key",
            key -> assertThat(key).matches("tfs-deploy-aot-[0-9a-f]{20}-java-25[^ ]*-Linux-\\S+"));
    assertThat(result.log())
        .containsPattern(
            "ahead-of-time cache "
                + Pattern.quote(cache.toString())
                + " made in \\d+ s \\(\\d+ MiB\\)");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files)
          .as("no partial cache left")
          .containsExactlyInAnyOrder(
              dir.resolve("tfs-deploy.jar"), dir.resolve("tfs-deploy.jar.sha256"), cache);
    }
    assertThat(classLoads(temp.resolve("runner/tfs-deploy-cli/bin/tfs-deploy"), "--version"))
        .contains(MAIN_FROM_CACHE);

    // The next action of the same job installs again: the cache is still good, so it is kept.
    CompositeRunner.Result again =
        runnerWithCache("deploy").stopAfter("cli-aot").run(Map.of("image", "unused"));
    assertSucceeded(again);
    assertThat(again.log())
        .contains("ahead-of-time cache " + cache + ": up to date")
        .doesNotContain("made in");
  }

  @Test
  void aCacheRestoredForAnotherJarOrJdkIsMadeAgain() throws Exception {
    CompositeRunner.Result installed =
        runnerWithCache("setup").stopAfter("cli-build").run(Map.of());
    assertSucceeded(installed);
    // What actions/cache would restore under a key it matched wrongly: bytes java cannot use.
    Path cache = Path.of(installed.stepOutputs().get("cli-build").get("aot-cache"));
    Files.write(cache, new byte[4096]);
    Path launcher = temp.resolve("runner/tfs-deploy-cli/bin/tfs-deploy");
    Launched meanwhile = launch(List.of(launcher.toString(), "--version"), Map.of());
    assertThat(meanwhile.exitCode()).isZero();
    assertThat(meanwhile.stderr())
        .as("a cache java cannot use is ignored without a word")
        .isEmpty();

    CompositeRunner.Result result = runnerWithCache("setup").stopAfter("cli-aot").run(Map.of());

    assertSucceeded(result);
    assertThat(result.log()).contains("ahead-of-time cache " + cache + " made in");
    assertThat(classLoads(launcher, "--version")).contains(MAIN_FROM_CACHE);
  }

  @Test
  void onAJavaBeforeTwentyFiveTheCliIsInstalledWithoutACache() throws Exception {
    CompositeRunner.Result result = runner("setup").stopAfter("cli-aot").run(Map.of());

    assertSucceeded(result);
    Path dir = temp.resolve("runner/tfs-deploy-cli/release-v1.2.3");
    assertThat(result.log()).contains("no ahead-of-time cache: ", "the cache needs 25+");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files)
          .containsExactlyInAnyOrder(
              dir.resolve("tfs-deploy.jar"), dir.resolve("tfs-deploy.jar.sha256"));
    }
    Launched started =
        launch(
            List.of(temp.resolve("runner/tfs-deploy-cli/bin/tfs-deploy").toString(), "--version"),
            Map.of());
    assertThat(started.exitCode()).as(started.stderr()).isZero();
    assertThat(started.stdout()).startsWith("tfs-deploy ");
  }

  @Test
  void theLauncherStartsShortRunsWithTheScriptsJavaOptionsAndLoadtestWithTheJvmDefaults()
      throws Exception {
    assertSucceeded(runner("setup").stopAfter("cli-build").run(Map.of()));
    String launcher = temp.resolve("runner/tfs-deploy-cli/bin/tfs-deploy").toString();
    Map<String, String> printFlags = Map.of("JAVA_TOOL_OPTIONS", "-XX:+PrintCommandLineFlags");

    Launched shortRun = launch(List.of(launcher, "--debug", "render", "--help"), printFlags);
    Launched loadtest = launch(List.of(launcher, "--debug", "loadtest", "--help"), printFlags);

    assertThat(shortRun.exitCode()).as(shortRun.stderr()).isZero();
    assertThat(shortRun.stdout().lines().findFirst())
        .get(InstanceOfAssertFactories.STRING)
        .contains("-XX:+UseSerialGC", "-XX:Tier4InvocationThreshold=1000000");
    assertThat(loadtest.exitCode()).as(loadtest.stderr()).isZero();
    assertThat(loadtest.stdout().lines().findFirst())
        .get(InstanceOfAssertFactories.STRING)
        .doesNotContain("-XX:+UseSerialGC", "Tier4InvocationThreshold");
    assertThat(loadtest.stdout()).contains("Usage: tfs-deploy loadtest");
  }

  /** The JVM's class-load log of a launcher run. */
  private String classLoads(Path launcher, String... args) throws Exception {
    Path log = temp.resolve("class-load-" + System.nanoTime() + ".log");
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    Launched run = launch(command, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + log));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    return Files.readString(log);
  }

  @Test
  void aJarThatDoesNotMatchItsSha256FileStopsTheJob() {
    CompositeRunner.Result result =
        runner("setup").github("action_ref", "v9.9.9").stopAfter("cli").run(Map.of());

    assertThat(result.succeeded()).isFalse();
    assertThat(result.failedStep()).isEqualTo("cli");
    assertThat(result.log())
        .containsPattern(
            "::error::tfs-deploy.jar of release v9\\.9\\.9 has SHA-256 [0-9a-f]{64}, but"
                + " tfs-deploy.jar.sha256 says 0{64}");
    assertThat(temp.resolve("runner/tfs-deploy-cli/release-v9.9.9")).doesNotExist();
  }

  @Test
  void aBranchRefHasNoReleaseSoTheJarComesFromTheCacheOrASourceBuild() throws Exception {
    CompositeRunner first =
        runner("deploy")
            .github("action_ref", "main")
            .require("cli", "installed", "false")
            .stopAfter("cli");
    CompositeRunner.Result lookup = first.run(Map.of("image", "unused"));

    assertSucceeded(lookup);
    Map<String, String> cli = lookup.stepOutputs().get("cli");
    assertThat(cli.get("source-key")).matches("[0-9a-f]{20}");
    assertThat(cli.get("jar-dir"))
        .isEqualTo(
            temp.resolve("runner/tfs-deploy-cli/source-" + cli.get("source-key")).toString());
    assertThat(lookup.log())
        .contains(
            "no release of acme/tfs-deploy for ref 'main': the CLI is built from the action's"
                + " source");

    // What actions/cache restores on a hit; the build step then uses it instead of running Maven.
    Path restored = Files.createDirectories(Path.of(cli.get("jar-dir")));
    Files.copy(Path.of(System.getProperty("tfsdeploy.jar")), restored.resolve("tfs-deploy.jar"));
    CompositeRunner.Result build =
        runner("deploy")
            .github("action_ref", "main")
            .require("cli", "installed", "false")
            .stopAfter("cli-build")
            .run(Map.of("image", "unused"));

    assertSucceeded(build);
    assertThat(build.log())
        .contains("tfs-deploy.jar restored from the cache")
        .doesNotContain("Maven wrapper");
    // The cache goes beside the jar, under a key of its own (the jar's digest and the JDK's build).
    assertThat(build.stepOutputs().get("cli-build"))
        .containsEntry("aot-cache", restored.resolve("tfs-deploy.aot").toString());
  }

  @Test
  void setupWritesAKubeconfigForTheClusterAndExportsKubeconfig() throws Exception {
    TestServiceAccount deployer = TestServiceAccount.create("deployer", "ml-prod");
    try (GoogleTokenServer google = new GoogleTokenServer().register(deployer);
        KubeApi kubernetes = KubeApi.startHttps();
        GkeApiServer gke = new GkeApiServer(google::issued)) {
      gke.add(
          "ml-prod",
          "us-central1",
          GkeClusterJson.running(
              "ml-prod", "us-central1", "serving", kubernetes.endpoint(), kubernetes.caData()));
      Path key = deployer.writeKeyFile(temp, google.tokenUri());

      CompositeRunner.Result result =
          runnerWithCache("setup")
              .env("GOOGLE_APPLICATION_CREDENTIALS", key.toString())
              .env("CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER", gke.baseUrl())
              .run(
                  Map.of(
                      "project_id",
                      "ml-prod",
                      "location",
                      "us-central1",
                      "cluster_name",
                      "serving"));

      assertSucceeded(result);
      Path kubeconfig = temp.resolve("runner/home/.kube/config");
      assertThat(result.outputs())
          .containsExactly(Map.entry("kubeconfig-path", kubeconfig.toString()));
      assertThat(result.exported()).containsEntry("KUBECONFIG", kubeconfig.toString());
      assertThat(Files.readString(kubeconfig))
          .contains("current-context: gke_ml-prod_us-central1_serving")
          .contains("server: https://" + kubernetes.endpoint());
      assertThat(result.skipped())
          .containsExactly(
              "actions/setup-java@v4",
              "actions/cache@v4",
              "actions/cache@v4",
              "google-github-actions/auth@v2",
              "google-github-actions/auth@v2");

      // The token command kubectl runs starts with the CLI's ahead-of-time cache too.
      Path cache = temp.resolve("runner/tfs-deploy-cli/release-v1.2.3/tfs-deploy.aot");
      List<String> plugin = execCommand(kubeconfig, "gke_ml-prod_us-central1_serving");
      assertThat(plugin).contains("-XX:AOTCache=" + cache);
      Path classLoads = temp.resolve("token-class-load.log");
      Launched plugged =
          launch(
              plugin,
              Map.of(
                  "KUBERNETES_EXEC_INFO",
                  "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}",
                  "JAVA_TOOL_OPTIONS",
                  "-Xlog:class+load:file=" + classLoads));
      assertThat(plugged.exitCode()).as(plugged.stderr()).isZero();
      assertThat(
              new ObjectMapper().readTree(plugged.stdout()).path("status").path("token").asText())
          .satisfies(issued -> assertThat(google.issued(issued)).isTrue());
      assertThat(Files.readString(classLoads)).contains(MAIN_FROM_CACHE);
      assertThat(google.issuedTokens())
          .isNotEmpty()
          .allSatisfy(token -> assertThat(result.shownLog()).doesNotContain(token));
    }
  }

  @Test
  void buildImageDownloadsThePublishedReleaseAndPushesTheImageByDigest() throws Exception {
    byte[] archive = Files.readAllBytes(EXAMPLE_MODEL);
    try (MockWebServer api = new MockWebServer();
        StorageServer storage = new StorageServer(archive)) {
      api.start();
      serveRelease(api, storage, "v2.0.0", archive);
      String repository = registry.address() + "/models/half_plus_two";

      CompositeRunner.Result result =
          runner("build-image")
              .github("event.release.tag_name", "v2.0.0")
              .env("GITHUB_API_URL", api.url("/").toString())
              .env("TFS_DEPLOY_INSECURE_REGISTRY", "true")
              .run(
                  Map.of(
                      "release_file",
                      "half_plus_two.tar.gz",
                      "model_name",
                      EXAMPLE_MODEL_NAME,
                      "base_image",
                      registry.servingBase().toString(),
                      "image_repository",
                      repository));

      assertSucceeded(result);
      String digest = registry.manifestDigest("models/half_plus_two", "v2.0.0");
      assertThat(result.outputs())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "image-ref",
                  repository + "@" + digest,
                  "digest",
                  digest,
                  "release-tag",
                  "v2.0.0",
                  "image",
                  repository + ":v2.0.0"));
      var request = api.takeRequest();
      assertThat(request.getTarget()).isEqualTo("/repos/acme/models/releases/tags/v2.0.0");
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(result.summary())
          .contains("Downloaded `half_plus_two.tar.gz`")
          .contains("### Image\n\n`" + repository + "@" + digest + "`");
      assertThat(result.log()).contains("::add-mask::" + TOKEN);
      assertThat(result.shownLog()).doesNotContain(TOKEN);
    }
  }

  @Test
  void deployRollsOutTheWorkflowsTargetExperimentFromTheOverlaysTheActionShips() {
    try (KubeApi api = KubeApi.start();
        TfServingBackend serving = new TfServingBackend(EXAMPLE_MODEL_NAME, "1", 1);
        ClusterSimulator cluster =
            new ClusterSimulator(api).servingBackend(serving.address()).start()) {
      cluster.assignLoadBalancerAddress(LOAD_BALANCER_IP);
      Path kubeconfig = api.writeKubeconfig(temp.resolve("kubeconfig"));
      String image = "europe-docker.pkg.dev/acme/models/half_plus_two@sha256:" + "ab".repeat(32);

      // No target_experiment input: the workflow's TARGET_EXPERIMENT, as the predecessor's
      // workflows set it.
      CompositeRunner.Result result =
          runner("deploy")
              .env("KUBECONFIG", kubeconfig.toString())
              .env("TARGET_EXPERIMENT", EXPERIMENT)
              .github("event.release.tag_name", "v2.0.0")
              .run(
                  Map.of(
                      "image", image, "model_name", EXAMPLE_MODEL_NAME, "rollout_timeout", "30s"));

      assertSucceeded(result);
      assertThat(result.outputs())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "endpoint",
                  LOAD_BALANCER_IP,
                  "rest-url",
                  "http://" + LOAD_BALANCER_IP + ":8501/v1/models/half_plus_two:predict",
                  "grpc-address",
                  LOAD_BALANCER_IP + ":8500",
                  "experiment",
                  EXPERIMENT,
                  "image-ref",
                  image,
                  // A rolling deploy: no canary.
                  "canary",
                  "",
                  "canary-verdict",
                  ""));
      Deployment live =
          api.client()
              .apps()
              .deployments()
              .inNamespace(KubeApi.NAMESPACE)
              .withName("tfs-serving")
              .get();
      assertThat(live.getMetadata().getAnnotations())
          .containsEntry("tfs-deploy.dev/release-tag", "v2.0.0")
          .containsEntry("tfs-deploy.dev/model-repo", MODEL_REPOSITORY);
      assertThat(result.summary())
          .contains("### Deployed `" + EXPERIMENT + "`")
          .contains("| Model | `half_plus_two`, version 1 AVAILABLE |")
          .contains("| Release | `acme/models` `v2.0.0` |");
    }
  }

  @Test
  void deployUsesTheRepositorysOwnKubeDirectoryWhenItHasExperiments() throws Exception {
    // The user's repository (checked out as the workspace) with an experiment of its own.
    CliRun created =
        CliRun.of(
            Map.of(),
            "experiments",
            "new",
            "1vCPU+2GB+inter_op1",
            "--kube-dir",
            copyOverlays().toString(),
            "--vcpu",
            "1",
            "--memory",
            "2GB",
            "--replicas",
            "1",
            "--inter-op",
            "1");
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    try (KubeApi api = KubeApi.start();
        TfServingBackend serving = new TfServingBackend(EXAMPLE_MODEL_NAME, "1", 0);
        ClusterSimulator cluster =
            new ClusterSimulator(api).servingBackend(serving.address()).start()) {
      cluster.assignLoadBalancerAddress(LOAD_BALANCER_IP);

      CompositeRunner.Result result =
          runner("deploy")
              .env("KUBECONFIG", api.writeKubeconfig(temp.resolve("kubeconfig")).toString())
              .env("TARGET_EXPERIMENT", EXPERIMENT)
              .run(
                  Map.of(
                      "image",
                      "registry.example/m@sha256:" + "cd".repeat(32),
                      "model_name",
                      EXAMPLE_MODEL_NAME,
                      "target_experiment",
                      "1vCPU+2GB+inter_op1"));

      assertSucceeded(result);
      assertThat(result.outputs()).containsEntry("experiment", "1vCPU+2GB+inter_op1");
      Deployment live =
          api.client()
              .apps()
              .deployments()
              .inNamespace(KubeApi.NAMESPACE)
              .withName("tfs-serving")
              .get();
      assertThat(
              live.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getResources()
                  .getLimits()
                  .get("cpu"))
          .hasToString("1");
    }
  }

  private Path copyOverlays() throws Exception {
    Path kubeDir = workspace.resolve(".kube");
    try (var files = Files.walk(ProjectFiles.KUBE_DIR)) {
      for (Path file : files.toList()) {
        Path target = kubeDir.resolve(ProjectFiles.KUBE_DIR.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    return kubeDir;
  }

  @Test
  void theWholePipelineTakesThePublishedReleaseToAServingEndpoint() throws Exception {
    TestServiceAccount deployer = TestServiceAccount.create("deployer", "ml-prod");
    byte[] archive = Files.readAllBytes(EXAMPLE_MODEL);
    try (GoogleTokenServer google = new GoogleTokenServer().register(deployer);
        KubeApi kubernetes = KubeApi.startHttps();
        GkeApiServer gke = new GkeApiServer(google::issued);
        TfServingBackend serving = new TfServingBackend(EXAMPLE_MODEL_NAME, "1", 1);
        ClusterSimulator cluster =
            new ClusterSimulator(kubernetes).servingBackend(serving.address()).start();
        MockWebServer api = new MockWebServer();
        StorageServer storage = new StorageServer(archive)) {
      cluster.assignLoadBalancerAddress(LOAD_BALANCER_IP);
      gke.add(
          "ml-prod",
          "us-central1",
          GkeClusterJson.running(
              "ml-prod", "us-central1", "serving", kubernetes.endpoint(), kubernetes.caData()));
      api.start();
      serveRelease(api, storage, "v2.1.0", archive);
      String repository = registry.address() + "/models/pipeline";

      // The predecessor's workflow env: the action's inputs left empty fall back to these names.
      CompositeRunner.Result result =
          runner("")
              .github("event.release.tag_name", "v2.1.0")
              .env(
                  "GOOGLE_APPLICATION_CREDENTIALS",
                  deployer.writeKeyFile(temp, google.tokenUri()).toString())
              .env("CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER", gke.baseUrl())
              .env("GITHUB_API_URL", api.url("/").toString())
              .env("TFS_DEPLOY_INSECURE_REGISTRY", "true")
              .env("GCP_PROJECT_ID", "ml-prod")
              .env("GKE_ZONE", "us-central1")
              .env("GKE_CLUSTER_NAME", "serving")
              .env("MODEL_RELEASE_FILE", "half_plus_two.tar.gz")
              .env("MODEL_NAME", EXAMPLE_MODEL_NAME)
              .env("TARGET_EXPERIMENT", EXPERIMENT)
              .run(
                  Map.of(
                      "base_image",
                      registry.servingBase().toString(),
                      "image_repository",
                      repository,
                      "namespace",
                      "serving",
                      "rollout_timeout",
                      "1m"));

      assertSucceeded(result);
      String digest = registry.manifestDigest("models/pipeline", "v2.1.0");
      Path kubeconfig = temp.resolve("runner/home/.kube/config");
      assertThat(result.outputs())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "image-ref",
                  repository + "@" + digest,
                  "digest",
                  digest,
                  "release-tag",
                  "v2.1.0",
                  "experiment",
                  EXPERIMENT,
                  "endpoint",
                  LOAD_BALANCER_IP,
                  "rest-url",
                  "http://" + LOAD_BALANCER_IP + ":8501/v1/models/half_plus_two:predict",
                  "grpc-address",
                  LOAD_BALANCER_IP + ":8500",
                  "kubeconfig-path",
                  kubeconfig.toString(),
                  "canary",
                  "",
                  "canary-verdict",
                  ""));
      Deployment live =
          kubernetes
              .client()
              .apps()
              .deployments()
              .inNamespace("serving")
              .withName("tfs-serving")
              .get();
      assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo(repository + "@" + digest);
      assertThat(result.summary())
          .contains("Downloaded `half_plus_two.tar.gz`")
          .contains("### Image")
          .contains("| Model | `half_plus_two`, version 1 AVAILABLE |")
          .contains("| Release | `acme/models` `v2.1.0` |")
          .contains("| Image | `" + repository + "@" + digest + "` |")
          .contains(
              "| REST | `http://" + LOAD_BALANCER_IP + ":8501/v1/models/half_plus_two:predict` |");
      assertThat(google.issuedTokens())
          .isNotEmpty()
          .allSatisfy(token -> assertThat(result.shownLog()).doesNotContain(token));
      assertThat(result.shownLog()).doesNotContain(TOKEN);
    }
  }

  /** What the JVM logs for the CLI's main class when it came from the ahead-of-time cache. */
  static final String MAIN_FROM_CACHE = LauncherIT.MAIN_FROM_CACHE;

  /** One run of an installed command, as a later step or kubectl starts it, and what it printed. */
  /**
   * The GitHub API answers one release lookup with {@code tag}, whose model asset {@code storage}
   * serves.
   */
  private static void serveRelease(
      MockWebServer api, StorageServer storage, String tag, byte[] archive) {
    api.enqueue(
        new ReleaseJson(tag)
            .asset(api.url("/"), MODEL_REPOSITORY, 5, "half_plus_two.tar.gz", archive)
            .response(api.url("/"), MODEL_REPOSITORY));
    api.enqueue(GitHubFixtures.redirectTo(storage.url()));
  }

  record Launched(int exitCode, String stdout, String stderr) {}

  private Launched launch(List<String> command, Map<String, String> env) throws Exception {
    Path stderr = Files.createTempFile(temp, "stderr", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(workspace.toFile()).redirectError(stderr.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().put("HOME", temp.resolve("runner/home").toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Launched(process.exitValue(), stdout, Files.readString(stderr));
  }

  /**
   * The command line of a kubeconfig user's exec credential plugin, as the JVM it starts on a token
   * cache miss (the plugin script's fallback).
   */
  @SuppressWarnings("unchecked")
  private static List<String> execCommand(Path kubeconfig, String user) throws Exception {
    Map<String, Object> exec =
        (Map<String, Object>)
            Kubeconfig.parse(Files.readString(kubeconfig), kubeconfig.toString())
                .user(user)
                .orElseThrow()
                .get("exec");
    List<String> command =
        new ArrayList<>(TokenPluginScripts.javaCommand(Path.of((String) exec.get("command"))));
    ((List<Object>) exec.get("args")).forEach(arg -> command.add(String.valueOf(arg)));
    return command;
  }
}
