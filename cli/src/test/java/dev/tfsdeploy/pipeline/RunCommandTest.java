package dev.tfsdeploy.pipeline;

import static dev.tfsdeploy.pipeline.ProjectFiles.EXAMPLE_MODEL;
import static dev.tfsdeploy.pipeline.ProjectFiles.EXAMPLE_MODEL_NAME;
import static dev.tfsdeploy.pipeline.ProjectFiles.KUBE_DIR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.cluster.rollout.testing.ClusterSimulator;
import dev.tfsdeploy.cluster.rollout.testing.KubeApi;
import dev.tfsdeploy.cluster.rollout.testing.TfServingBackend;
import dev.tfsdeploy.cluster.rollout.testing.TfServingBackend.Version;
import dev.tfsdeploy.image.DockerCli;
import dev.tfsdeploy.image.TestRegistry;
import dev.tfsdeploy.model.ArchiveBuilder;
import dev.tfsdeploy.model.TfModels;
import dev.tfsdeploy.release.GitHubFixtures;
import dev.tfsdeploy.release.GitHubFixtures.ReleaseJson;
import dev.tfsdeploy.release.StorageServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code tfs-deploy run} end to end on the shipped example model: into a real registry, into a
 * tarball, from a GitHub release, onto a (mock) cluster; the manifests it writes are what {@code
 * kubectl kustomize} makes of the experiment with the image set.
 */
@Testcontainers
class RunCommandTest {
  static final String EXPERIMENT = "2vCPU+4GB+inter_op2";

  @Container static final TestRegistry registry = new TestRegistry().withServingBase();

  @TempDir Path temp;
  final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void isolateCredentials() {
    env.put("HOME", temp.toString());
    env.put("DOCKER_CONFIG", temp.resolve("docker").toString());
  }

  private CliRun run(String... args) {
    return CliRun.of(env, args);
  }

  private String[] local(String... more) {
    return Stream.concat(
            Stream.of(
                "run",
                "--local",
                "--archive",
                EXAMPLE_MODEL.toString(),
                "--model-name",
                EXAMPLE_MODEL_NAME,
                "--experiment",
                EXPERIMENT,
                "--kube-dir",
                KUBE_DIR.toString(),
                "--base",
                registry.servingBase().toString(),
                "--insecure-registry"),
            Stream.of(more))
        .toArray(String[]::new);
  }

  private static String concatenated(Path manifests) throws IOException {
    try (Stream<Path> files = Files.list(manifests)) {
      List<Path> sorted = files.sorted().toList();
      StringBuilder all = new StringBuilder();
      for (Path file : sorted) {
        all.append(all.isEmpty() ? "" : "---\n").append(Files.readString(file));
      }
      return all.toString();
    }
  }

  @Test
  void
      localRunPushesTheExampleModelAndWritesTheExperimentPinnedByDigestAsKubectlKustomizeRendersIt()
          throws IOException {
    Path manifests = temp.resolve("manifests");
    String repository = registry.address() + "/models/half_plus_two";

    CliRun run =
        run(local("--image", repository, "--image-tag", "example", "--out", manifests.toString()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String digest = registry.manifestDigest("models/half_plus_two", "example");
    assertThat(run.result("image")).isEqualTo(repository + "@" + digest);
    assertThat(run.result("manifests")).isEqualTo(manifests.toString());
    assertThat(run.stdout().lines()).hasSize(2);
    assertThat(run.stderr()).contains("not applied to any cluster");
    assertThat(concatenated(manifests))
        .isEqualTo(
            KustomizeOracle.render(
                ProjectFiles.experiment(EXPERIMENT),
                repository,
                null,
                digest,
                EXAMPLE_MODEL_NAME,
                temp));
  }

  @Test
  void localRunToATarballRendersTheTarballsTaggedReference() throws IOException {
    Path tarball = temp.resolve("out/image.tar");
    Path manifests = temp.resolve("out/manifests");

    CliRun run = run(local("--to", "tar:" + tarball, "--out", manifests.toString()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String image = run.result("image");
    assertThat(image).startsWith("tfserving-half_plus_two:model-");
    assertThat(repoTags(tarball)).containsExactly(image);
    String tag = image.substring(image.indexOf(':') + 1);
    assertThat(concatenated(manifests))
        .isEqualTo(
            KustomizeOracle.render(
                ProjectFiles.experiment(EXPERIMENT),
                "tfserving-half_plus_two",
                tag,
                null,
                EXAMPLE_MODEL_NAME,
                temp));
  }

  @Test
  void localRunWithAKubeconfigAppliesTheExperimentAndPrintsTheRestUrl() throws IOException {
    try (KubeApi api = KubeApi.start();
        TfServingBackend serving = new TfServingBackend(EXAMPLE_MODEL_NAME, "1", 1);
        ClusterSimulator cluster =
            new ClusterSimulator(api).servingBackend(serving.address()).start()) {
      cluster.assignLoadBalancerAddress("34.118.10.20");
      Path kubeconfig = api.writeKubeconfig(temp.resolve("kubeconfig"));
      String repository = registry.address() + "/models/applied";

      CliRun run =
          run(
              local(
                  "--image",
                  repository,
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "--timeout",
                  "30s"));

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      String digest =
          registry.manifestDigest("models/applied", run.result("image").replaceFirst(".*@", ""));
      Deployment live =
          api.client()
              .apps()
              .deployments()
              .inNamespace(KubeApi.NAMESPACE)
              .withName("tfs-serving")
              .get();
      assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo(repository + "@" + digest);
      assertThat(live.getMetadata().getAnnotations())
          .containsEntry("tfs-deploy.dev/experiment", EXPERIMENT);
      assertThat(run.result("rest-url"))
          .isEqualTo("http://34.118.10.20:8501/v1/models/half_plus_two:predict");
      assertThat(run.stderr()).contains("smoke check: model 'half_plus_two' version 1 AVAILABLE");
      assertThat(run.stdout().lines()).hasSize(2);
    }
  }

  @Test
  void theSmokeCheckWaitsForEveryVersionTheModelConfigServes() throws IOException {
    try (KubeApi api = KubeApi.start();
        TfServingBackend serving =
            new TfServingBackend(
                EXAMPLE_MODEL_NAME,
                List.of(Version.loadsAfter("1", 0), Version.loadsAfter("2", 2)));
        ClusterSimulator cluster =
            new ClusterSimulator(api).servingBackend(serving.address()).start()) {
      cluster.assignLoadBalancerAddress("34.118.10.20");

      CliRun run = runTwoVersions(api, "models/two-versions", "--version-policy", "all");

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(run.stderr())
          .contains(
              "smoke check: model 'half_plus_two' version 1 AVAILABLE, version 2 AVAILABLE on"
                  + " pod/");
    }
  }

  @Test
  void aVersionTheModelConfigServesThatNeverLoadsFailsTheRunNamingIt() throws IOException {
    try (KubeApi api = KubeApi.start();
        TfServingBackend serving =
            new TfServingBackend(
                EXAMPLE_MODEL_NAME,
                List.of(Version.loadsAfter("1", 0), Version.staysLoading("2")));
        ClusterSimulator cluster =
            new ClusterSimulator(api).servingBackend(serving.address()).start()) {
      cluster.assignLoadBalancerAddress("34.118.10.20");

      CliRun run =
          runTwoVersions(
              api,
              "models/stuck-version",
              "--version-policy",
              "latest:2",
              "--version-label",
              "stable=1",
              "--smoke-timeout",
              "2s");

      assertThat(run.exitCode()).isNotZero();
      assertThat(run.stderr())
          .contains(
              "error: model 'half_plus_two' version 2 is not AVAILABLE after 2s: version 1"
                  + " AVAILABLE, version 2 LOADING");
    }
  }

  /** {@code run --local} on a model with versions 1 and 2, applied to {@code api}. */
  private CliRun runTwoVersions(KubeApi api, String repository, String... more) throws IOException {
    Path versions = temp.resolve("versions");
    TfModels.halfPlusTwo(versions.resolve("1"));
    TfModels.halfPlusTwo(versions.resolve("2"));
    Path archive =
        ArchiveBuilder.tgz()
            .tree(EXAMPLE_MODEL_NAME + "/", versions)
            .writeTo(temp.resolve("two-versions.tar.gz"));
    List<String> args = new ArrayList<>(List.of(local(more)));
    args.set(args.indexOf("--archive") + 1, archive.toString());
    args.addAll(
        List.of(
            "--image",
            registry.address() + "/" + repository,
            "--kubeconfig",
            api.writeKubeconfig(temp.resolve("kubeconfig")).toString(),
            "--timeout",
            "30s"));
    return run(args.toArray(String[]::new));
  }

  @Test
  void runTakesTheModelFromTheLatestReleaseAndTagsTheImageWithItsTag() throws Exception {
    byte[] archive = Files.readAllBytes(EXAMPLE_MODEL);
    try (MockWebServer api = new MockWebServer();
        StorageServer storage = new StorageServer(archive)) {
      api.start();
      api.enqueue(
          new ReleaseJson("v3.1.0")
              .asset(api.url("/"), "acme/models", 7, "half_plus_two.tar.gz", archive)
              .response(api.url("/"), "acme/models"));
      api.enqueue(GitHubFixtures.redirectTo(storage.url()));
      Path outputs = Files.createFile(temp.resolve("github_output"));
      env.putAll(
          Map.of(
              "GITHUB_API_URL",
              api.url("/").toString(),
              "MODEL_RELEASE_REPO",
              "acme/models",
              "MODEL_RELEASE_FILE",
              "half_plus_two.tar.gz",
              "GITHUB_ACTIONS",
              "true",
              "GITHUB_OUTPUT",
              outputs.toString()));
      String repository = registry.address() + "/models/released";

      CliRun run =
          run(
              "run",
              "--local",
              "--model-name",
              EXAMPLE_MODEL_NAME,
              "--experiment",
              EXPERIMENT,
              "--kube-dir",
              KUBE_DIR.toString(),
              "--base",
              registry.servingBase().toString(),
              "--insecure-registry",
              "--image",
              repository,
              "--out",
              temp.resolve("manifests").toString());

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(api.takeRequest().getTarget()).isEqualTo("/repos/acme/models/releases/latest");
      assertThat(registry.tags("models/released")).contains("v3.1.0");
      assertThat(run.result("image"))
          .isEqualTo(repository + "@" + registry.manifestDigest("models/released", "v3.1.0"));
      assertThat(Files.readString(outputs))
          .containsPattern("release-tag<<(\\S+)\\nv3\\.1\\.0\\n\\1")
          .containsPattern(
              "image-ref<<(\\S+)\\n" + run.result("image").replace(".", "\\.") + "\\n\\1")
          .containsPattern(
              "manifests<<(\\S+)\\n"
                  + temp.resolve("manifests").toString().replace(".", "\\.")
                  + "\\n\\1");
    }
  }

  @Test
  void withABaseSavedByDockerSaveTheLocalRunNeedsNoRegistryAtAll() throws IOException {
    // What a user without a network does: save the base once (docker save), then build from it.
    String baseReference = registry.servingBase().toString();
    Path savedBase = temp.resolve("serving-base.tar");
    DockerCli.docker("pull", "-q", baseReference);
    String loaded = null;
    try {
      DockerCli.docker("save", "-o", savedBase.toString(), baseReference);
      DockerCli.removeImage(baseReference);
      Path tarball = temp.resolve("image.tar");

      CliRun run =
          run(
              "run",
              "--local",
              "--archive",
              EXAMPLE_MODEL.toString(),
              "--model-name",
              EXAMPLE_MODEL_NAME,
              "--experiment",
              EXPERIMENT,
              "--kube-dir",
              KUBE_DIR.toString(),
              "--base",
              "tar:" + savedBase,
              // A name of the test's own: the default one is the image the README's demo loads for
              // a user.
              "--image",
              "tfs-deploy-tests/run-saved-base",
              "--to",
              "tar:" + tarball,
              "--out",
              temp.resolve("manifests").toString());

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      loaded = run.result("image");
      assertThat(loaded).startsWith("tfs-deploy-tests/run-saved-base:");
      assertThat(DockerCli.docker("load", "-i", tarball.toString())).contains(loaded);
      // The base's entrypoint finds the model where TF Serving's would.
      assertThat(DockerCli.docker("run", "--rm", "--network", "none", loaded))
          .contains("serving model half_plus_two version 1 from /models/half_plus_two/1");
    } finally {
      DockerCli.removeImage(baseReference);
      if (loaded != null) {
        DockerCli.removeImage(loaded);
      }
    }
  }

  @Test
  void aBaseTarballThatIsNotThereIsNamedWithHowToMakeIt() {
    CliRun run =
        run(
            "run",
            "--local",
            "--archive",
            EXAMPLE_MODEL.toString(),
            "--model-name",
            EXAMPLE_MODEL_NAME,
            "--experiment",
            EXPERIMENT,
            "--kube-dir",
            KUBE_DIR.toString(),
            "--base",
            "tar:" + temp.resolve("missing.tar"),
            "--to",
            "tar:" + temp.resolve("image.tar"),
            "--out",
            temp.resolve("manifests").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains(
            "error: --base tar:"
                + temp.resolve("missing.tar")
                + ": "
                + temp.resolve("missing.tar")
                + " is not a file — save the base image with `docker save tensorflow/serving:TAG -o"
                + " FILE`");
    assertThat(temp.resolve("image.tar")).doesNotExist();
    assertThat(temp.resolve("manifests")).doesNotExist();
  }

  @Test
  void aTarballWithoutLocalIsRefusedBeforeAnyWork() {
    CliRun run =
        run(
            "run",
            "--archive",
            EXAMPLE_MODEL.toString(),
            "--model-name",
            EXAMPLE_MODEL_NAME,
            "--experiment",
            EXPERIMENT,
            "--kube-dir",
            KUBE_DIR.toString(),
            "--to",
            "tar:" + temp.resolve("image.tar"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("error: a cluster cannot pull an image from a tarball")
        .contains("--local");
    assertThat(temp.resolve("image.tar")).doesNotExist();
  }

  @Test
  void theOldTagVariableIsRefusedBeforeAnyWorkAsItMayNameTheRelease() {
    env.put("TFS_DEPLOY_TAG", "v9");

    CliRun run =
        run(
            local(
                "--to", "tar:" + temp.resolve("image.tar"), "--out", temp.resolve("m").toString()));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("error: TFS_DEPLOY_TAG is set, and run cannot tell whether it names the release")
        .contains("TFS_DEPLOY_RELEASE_TAG", "TFS_DEPLOY_IMAGE_TAG");
    assertThat(temp.resolve("image.tar")).doesNotExist();
  }

  @Test
  void theOldTagOptionOnTheCommandLineIsStillAnImageTagWithADeprecationWarning() {
    CliRun run =
        run(
            "run",
            "--local",
            "--archive",
            EXAMPLE_MODEL.toString(),
            "--model-name",
            EXAMPLE_MODEL_NAME,
            "--experiment",
            "no-such-experiment",
            "--kube-dir",
            KUBE_DIR.toString(),
            "--base",
            registry.servingBase().toString(),
            "--to",
            "tar:" + temp.resolve("image.tar"),
            "--out",
            temp.resolve("m").toString(),
            "--tag",
            "v9");

    assertThat(run.stderr())
        .contains(
            "warning: --tag (TFS_DEPLOY_TAG) is deprecated: use --image-tag (TFS_DEPLOY_IMAGE_TAG)")
        .doesNotContain("TFS_DEPLOY_TAG is set")
        .contains("error: unknown experiment 'no-such-experiment'");
  }

  @Test
  void localWithNeitherOutNorKubeconfigSaysWhereTheManifestsCouldGo() {
    CliRun run = run(local("--to", "tar:" + temp.resolve("image.tar")));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("pass --out DIR for the manifests (and --kubeconfig FILE to apply them)");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void anUnknownExperimentFailsBeforeTheImageIsBuilt() {
    CliRun run =
        run(
            "run",
            "--local",
            "--archive",
            EXAMPLE_MODEL.toString(),
            "--model-name",
            EXAMPLE_MODEL_NAME,
            "--experiment",
            "2vCPU+4GB+inter_op3",
            "--kube-dir",
            KUBE_DIR.toString(),
            "--base",
            registry.servingBase().toString(),
            "--insecure-registry",
            "--to",
            "tar:" + temp.resolve("image.tar"),
            "--out",
            temp.resolve("m").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains(
            "error: unknown experiment '2vCPU+4GB+inter_op3'; did you mean '2vCPU+4GB+inter_op");
    assertThat(temp.resolve("image.tar")).doesNotExist();
  }

  @Test
  void aNonEmptyOutDirectoryFailsBeforeTheImageIsBuilt() throws IOException {
    Path out = Files.createDirectories(temp.resolve("manifests"));
    Files.writeString(out.resolve("keep.yaml"), "kind: ConfigMap\n");

    CliRun run = run(local("--to", "tar:" + temp.resolve("image.tar"), "--out", out.toString()));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("error: --out " + out + " already exists and is not empty");
    assertThat(temp.resolve("image.tar")).doesNotExist();
    assertThat(out.resolve("keep.yaml")).hasContent("kind: ConfigMap");
  }

  @Test
  void aModelFromNowhereIsAUsageError() {
    CliRun run =
        run(
            "run",
            "--local",
            "--model-name",
            EXAMPLE_MODEL_NAME,
            "--experiment",
            EXPERIMENT,
            "--out",
            temp.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .contains(
            "missing --archive, --model-uri, or a release: --asset (or TFS_DEPLOY_ASSET or"
                + " MODEL_RELEASE_FILE)"
                + " with --repo");
  }

  /** The names {@code docker load} gives the tarball's image (its manifest.json RepoTags). */
  private static List<String> repoTags(Path tarball) throws IOException {
    try (InputStream in = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.getName().equals("manifest.json")) {
          JsonNode manifest = new ObjectMapper().readTree(tar.readAllBytes());
          return java.util.stream.StreamSupport.stream(
                  manifest.get(0).get("RepoTags").spliterator(), false)
              .map(JsonNode::asText)
              .collect(Collectors.toList());
        }
      }
    }
    throw new AssertionError("no manifest.json in " + tarball);
  }
}
