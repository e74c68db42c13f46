package dev.tfsdeploy.pipeline;

import static dev.tfsdeploy.pipeline.ProjectFiles.EXAMPLE_MODEL;
import static dev.tfsdeploy.pipeline.ProjectFiles.EXAMPLE_MODEL_NAME;
import static dev.tfsdeploy.pipeline.ProjectFiles.KUBE_DIR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.image.TestRegistry;
import dev.tfsdeploy.storage.FakeGcsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code --model-uri} on {@code run}, {@code build-image} and {@code download}: the example model
 * from a loopback Cloud Storage JSON API (the real client, through STORAGE_EMULATOR_HOST) into the
 * test registry, with the object's generation on the image.
 */
@Testcontainers
class ModelFromCloudStorageTest {
  static final String EXPERIMENT = "2vCPU+4GB+inter_op2";

  @Container static final TestRegistry registry = new TestRegistry().withServingBase();

  @TempDir Path temp;
  final Map<String, String> env = new HashMap<>();
  FakeGcsServer gcs;

  @BeforeEach
  void start() throws IOException {
    gcs = new FakeGcsServer();
    env.put("HOME", temp.toString());
    env.put("DOCKER_CONFIG", temp.resolve("docker").toString());
    env.put("STORAGE_EMULATOR_HOST", gcs.emulatorHost());
  }

  @AfterEach
  void stop() {
    gcs.close();
  }

  @Test
  void localRunFromAnArchiveObjectPushesTheModelLabelledWithTheObjectsGeneration()
      throws IOException {
    long generation =
        gcs.put("models", "releases/half_plus_two.tar.gz", Files.readAllBytes(EXAMPLE_MODEL));
    String repository = registry.address() + "/models/from-gcs";

    CliRun run =
        CliRun.of(
            env,
            "run",
            "--local",
            "--model-uri",
            "gs://models/releases/half_plus_two.tar.gz",
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
            "--image-tag",
            "gcs",
            "--out",
            temp.resolve("manifests").toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.result("image"))
        .isEqualTo(repository + "@" + registry.manifestDigest("models/from-gcs", "gcs"));
    assertThat(
            registry
                .config("models/from-gcs", "gcs")
                .path("config")
                .path("Labels")
                .path("org.opencontainers.image.source")
                .asText())
        .isEqualTo("gs://models/releases/half_plus_two.tar.gz#" + generation);
    assertThat(run.stderr()).contains("Verified against CRC-32C");
  }

  @Test
  void buildImageFromASavedModelPrefixBuildsTheSameModelAsFromTheArchive() throws IOException {
    CliRun extracted =
        CliRun.of(
            env,
            "extract",
            EXAMPLE_MODEL.toString(),
            "--model-name",
            "m",
            "--out",
            temp.resolve("x").toString());
    assertThat(extracted.exitCode()).as(extracted.stderr()).isZero();
    Path version = temp.resolve("x/m/1");
    try (var files = Files.walk(version)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        gcs.put(
            "models",
            "exports/hpt/1/" + version.relativize(file).toString().replace('\\', '/'),
            Files.readAllBytes(file));
      }
    }
    String repository = registry.address() + "/models/from-prefix";

    CliRun fromPrefix =
        CliRun.of(
            env,
            "build-image",
            "--model-uri",
            "gs://models/exports/hpt",
            "--model-name",
            EXAMPLE_MODEL_NAME,
            "--base",
            registry.servingBase().toString(),
            "--insecure-registry",
            "--image",
            repository,
            "--image-tag",
            "prefix");
    CliRun fromArchive =
        CliRun.of(
            env,
            "build-image",
            "--archive",
            EXAMPLE_MODEL.toString(),
            "--model-name",
            EXAMPLE_MODEL_NAME,
            "--base",
            registry.servingBase().toString(),
            "--insecure-registry",
            "--image",
            repository,
            "--image-tag",
            "archive");

    assertThat(fromPrefix.exitCode()).as(fromPrefix.stderr()).isZero();
    assertThat(fromArchive.exitCode()).as(fromArchive.stderr()).isZero();
    // The model digest depends on the model's layers alone: same files, same digest.
    assertThat(modelDigest(repository, "prefix"))
        .isNotEmpty()
        .isEqualTo(modelDigest(repository, "archive"));
  }

  private static String modelDigest(String repository, String tag) {
    return registry
        .config(repository.substring(repository.indexOf('/') + 1), tag)
        .path("config")
        .path("Labels")
        .path("dev.tfsdeploy.model.sha256")
        .asText();
  }

  @Test
  void downloadOfAnArchiveObjectPrintsItsPathAndOutputsTheUriWithItsGeneration()
      throws IOException {
    long generation = gcs.put("models", "m.tgz", Files.readAllBytes(EXAMPLE_MODEL));
    Path outputs = temp.resolve("github-output");
    Files.createFile(outputs);
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_OUTPUT", outputs.toString());

    CliRun run =
        CliRun.of(
            env,
            "download",
            "--model-uri",
            "gs://models/m.tgz",
            "--out",
            temp.resolve("d").toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout().strip()).isEqualTo(temp.resolve("d/m.tgz").toString());
    assertThat(temp.resolve("d/m.tgz")).hasSameBinaryContentAs(EXAMPLE_MODEL);
    assertThat(Files.readString(outputs))
        .containsPattern("model-uri<<(\\S+)\\ngs://models/m\\.tgz#" + generation + "\\n\\1");
  }

  @Test
  void aModelUriWithAReleaseAssetIsAUsageError() {
    CliRun run =
        CliRun.of(
            env,
            "download",
            "--model-uri",
            "gs://models/m.tgz",
            "--repo",
            "acme/models",
            "--asset",
            "m.tgz");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("give either --model-uri or a release asset (--asset), not both");
  }

  @Test
  void aMissingObjectFailsInOneLineListingWhatIsThere() {
    gcs.put("models", "releases/v1.tar.gz", new byte[] {1});

    CliRun run = CliRun.of(env, "download", "--model-uri", "gs://models/releases/v2.tar.gz");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains(
            "no object or prefix gs://models/releases/v2.tar.gz; gs://models/releases/ holds"
                + " v1.tar.gz")
        .doesNotContain("\tat ");
  }
}
