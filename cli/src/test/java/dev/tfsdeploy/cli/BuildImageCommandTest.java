package dev.tfsdeploy.cli;

import static dev.tfsdeploy.image.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.image.DockerCli;
import dev.tfsdeploy.image.ModelFixtures;
import dev.tfsdeploy.image.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code tfs-deploy build-image} end to end: a real registry, the real Docker engine and skopeo
 * read what it pushed the way users and clusters do.
 */
@Testcontainers
class BuildImageCommandTest {
  static final String MODEL = "half_plus_two";

  @Container static final TestRegistry registry = new TestRegistry().withServingBase();

  @TempDir Path temp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();
  private final List<String> dockerImages = new ArrayList<>();
  private Path model;

  @BeforeEach
  void model() throws IOException {
    model = temp.resolve("model");
    ModelFixtures.servableVersion(model, "1", 21, 3_000_000);
    env.put("DOCKER_CONFIG", temp.resolve("docker").toString());
  }

  @AfterEach
  void removeDockerImages() {
    dockerImages.forEach(DockerCli::removeImage);
  }

  @Test
  void printsTheDigestReferenceAsTheLastLineOfStdout() {
    int exit = buildImage("cli/printed", "--image-tag", "v1");

    assertThat(exit).as(stderr()).isZero();
    String digest = registry.manifestDigest("cli/printed", "v1");
    assertThat(stdout()).isEqualTo(registry.address() + "/cli/printed@" + digest + "\n");
    assertThat(stderr()).contains("pushed " + registry.address() + "/cli/printed with tags v1");
  }

  @Test
  void imageTagsComeFromTheirOwnVariable() {
    env.put("TFS_DEPLOY_IMAGE_TAG", "v3,stable");

    int exit = buildImage("cli/image-tag");

    assertThat(exit).as(stderr()).isZero();
    assertThat(stderr())
        .contains("pushed " + registry.address() + "/cli/image-tag with tags v3, stable")
        .doesNotContain("deprecated");
  }

  @Test
  void theOldTagVariableStillTagsTheImageWithADeprecationWarning() {
    env.put("TFS_DEPLOY_TAG", "v4");

    int exit = buildImage("cli/old-tag-variable");

    assertThat(exit).as(stderr()).isZero();
    assertThat(stderr())
        .contains(
            "warning: --tag (TFS_DEPLOY_TAG) is deprecated: use --image-tag (TFS_DEPLOY_IMAGE_TAG)")
        .contains("pushed " + registry.address() + "/cli/old-tag-variable with tags v4");
  }

  @Test
  void theOldTagOptionAddsToTheImageTagsWithADeprecationWarning() {
    int exit = buildImage("cli/old-tag-option", "--image-tag", "v5", "--tag", "v5-old");

    assertThat(exit).as(stderr()).isZero();
    assertThat(stderr())
        .contains("--tag (TFS_DEPLOY_TAG) is deprecated")
        .contains("pushed " + registry.address() + "/cli/old-tag-option with tags v5, v5-old");
  }

  @Test
  void setsImageDigestAndImageRefOutputsUnderActions() throws IOException {
    Path outputFile = temp.resolve("github-output");
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_OUTPUT", outputFile.toString());

    int exit = buildImage("cli/outputs", "--release-tag", "v2.0.0");

    assertThat(exit).as(stderr()).isZero();
    Map<String, String> outputs = runnerFile(outputFile);
    String modelTag = outputs.get("tags").split(",")[1];
    String digest = registry.manifestDigest("cli/outputs", "v2.0.0");
    String repository = registry.address() + "/cli/outputs";
    assertThat(modelTag).matches("model-[0-9a-f]{12}");
    assertThat(outputs)
        .containsEntry("image", repository + ":v2.0.0")
        .containsEntry("digest", digest)
        .containsEntry("image-ref", repository + "@" + digest)
        .containsEntry("repository", repository); // the provenance attestation's subject
  }

  @Test
  void dockerRunsThePulledImageWithTheNewModelNameAndItHoldsTheModelBytes() throws IOException {
    assertThat(buildImage("cli/pulled", "--image-tag", "v1")).as(stderr()).isZero();
    String image = registry.address() + "/cli/pulled:v1";
    dockerImages.add(image);

    docker("pull", "-q", image);
    String container = docker("create", image).strip();
    Path copied = temp.resolve("copied");
    try {
      docker("cp", container + ":/models/" + MODEL, copied.toString());
    } finally {
      docker("rm", container);
    }
    String run = docker("run", "--rm", "--network", "none", image);

    assertSameFiles(model, copied);
    assertThat(run).contains("serving model " + MODEL + " version 1 from /models/" + MODEL + "/1");
  }

  @Test
  void skopeoReadsTheImageWithItsLabelsAndEnvironment() throws Exception {
    assertThat(
            buildImage(
                "cli/skopeo", "--image-tag", "v1", "--repo", "acme/models", "--revision", "abc123"))
        .as(stderr())
        .isZero();

    Process skopeo =
        new ProcessBuilder(
                "skopeo",
                "inspect",
                "--tls-verify=false",
                "docker://" + registry.address() + "/cli/skopeo:v1")
            .redirectErrorStream(true)
            .start();
    String output = new String(skopeo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(skopeo.waitFor()).as(output).isZero();
    JsonNode inspect = new ObjectMapper().readTree(output);

    assertThat(inspect.path("Digest").asText())
        .isEqualTo(registry.manifestDigest("cli/skopeo", "v1"));
    assertThat(inspect.path("Labels").path("org.opencontainers.image.source").asText())
        .isEqualTo("https://github.com/acme/models");
    assertThat(inspect.path("Labels").path("org.opencontainers.image.revision").asText())
        .isEqualTo("abc123");
    assertThat(inspect.path("Env").toString())
        .contains("MODEL_NAME=" + MODEL, "MODEL_BASE_PATH=/models");
  }

  @Test
  void tarballLoadsIntoDockerAndRuns() {
    Path tarball = temp.resolve("out/image.tar");

    int exit =
        run(
            "build-image",
            "--model-dir",
            model.toString(),
            "--model-name",
            MODEL,
            "--base",
            registry.servingBase().toString(),
            "--insecure-registry",
            "--to",
            "tar:" + tarball,
            "--image",
            "local/serving",
            "--image-tag",
            "dev");

    assertThat(exit).as(stderr()).isZero();
    assertThat(stdout()).isEqualTo("local/serving:dev\n");
    dockerImages.add("local/serving:dev");
    assertThat(docker("load", "-i", tarball.toString())).contains("local/serving:dev");
    assertThat(docker("run", "--rm", "--network", "none", "local/serving:dev"))
        .contains("serving model " + MODEL + " version 1");
  }

  @Test
  void aTarballBuildSaysItWritesRatherThanPushes() {
    int exit =
        run(
            "build-image",
            "--model-dir",
            model.toString(),
            "--model-name",
            MODEL,
            "--base",
            registry.servingBase().toString(),
            "--insecure-registry",
            "--to",
            "tar:" + temp.resolve("written.tar"),
            "--image",
            "local/serving",
            "--image-tag",
            "w");

    assertThat(exit).as(stderr()).isZero();
    assertThat(stderr()).contains("building and writing").doesNotContain("pushing");
  }

  @Test
  void passwordsReadFromTheDockerConfigAreMaskedUnderActions() throws IOException {
    try (TestRegistry locked = new TestRegistry().withUser()) {
      locked.start();
      String auth =
          Base64.getEncoder()
              .encodeToString(
                  (TestRegistry.USER + ":" + TestRegistry.PASSWORD)
                      .getBytes(StandardCharsets.UTF_8));
      Files.createDirectories(temp.resolve("docker"));
      Files.writeString(
          temp.resolve("docker/config.json"),
          "{\"auths\":{\"" + locked.address() + "\":{\"auth\":\"" + auth + "\"}}}");
      env.put("GITHUB_ACTIONS", "true");

      int exit =
          run(
              "build-image",
              "--model-dir",
              model.toString(),
              "--model-name",
              MODEL,
              "--base",
              registry.servingBase().toString(),
              "--image",
              locked.address() + "/cli/locked",
              "--image-tag",
              "v1",
              "--insecure-registry",
              "--debug");

      assertThat(exit).as(stderr()).isZero();
      assertThat(stderr()).contains("::add-mask::" + TestRegistry.PASSWORD);
      assertThat(stderr().replace("::add-mask::" + TestRegistry.PASSWORD, ""))
          .doesNotContain(TestRegistry.PASSWORD);
    }
  }

  @Test
  void modelNameAndBaseComeFromThePredecessorsVariables() {
    env.put("MODEL_NAME", "legacy_model");
    env.put("BASE_IMAGE_TAG", registry.servingBase().toString());

    int exit =
        run(
            "build-image",
            "--model-dir",
            model.toString(),
            "--image",
            registry.address() + "/cli/legacy",
            "--image-tag",
            "v1",
            "--insecure-registry");

    assertThat(exit).as(stderr()).isZero();
    assertThat(registry.config("cli/legacy", "v1").path("config").path("Env").toString())
        .contains("MODEL_NAME=legacy_model");
  }

  @Test
  void invalidImageReferenceIsAOneLineError() {
    int exit =
        run(
            "build-image",
            "--model-dir",
            model.toString(),
            "--model-name",
            MODEL,
            "--image",
            "Not A/Repo");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .startsWith("error: --image 'Not A/Repo' is not a valid image reference — ")
        .hasLineCount(1);
    assertThat(stdout()).isEmpty();
  }

  @Test
  void unknownTargetIsAOneLineError() {
    int exit = buildImage("cli/x", "--to", "oci:/tmp/x");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .endsWith(
            "error: --to 'oci:/tmp/x' is not a target — use --to tar:PATH for a tarball,"
                + " or leave --to out to push to --image\n");
  }

  @Test
  void modelDirectoryWithoutSavedModelIsAOneLineError() throws IOException {
    Files.delete(model.resolve("1/saved_model.pb"));

    int exit = buildImage("cli/invalid", "--image-tag", "v1");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .contains("error: model version " + model.resolve("1") + " has no saved_model.pb — ");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void graphThatIsNotASavedModelIsRefusedBeforeAnythingIsPushed() throws IOException {
    ModelFixtures.random(model.resolve("1/saved_model.pb"), 99, 40_000);

    int exit = buildImage("cli/not-a-model", "--image-tag", "v1");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr()).contains("error: ").contains("saved_model.pb");
    assertThat(registry.uploadedBlobs("cli/not-a-model")).isEmpty();
  }

  @Test
  void archiveIsExtractedValidatedAndPublishedLeavingNoScratchBehind() throws IOException {
    Path archive =
        Path.of(
            System.getProperty("tfsdeploy.projectRoot", ".."), "examples", "half_plus_two.tar.gz");
    Path tmp = Files.createDirectories(temp.resolve("tmp"));
    String before = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", tmp.toString());
    int exit;
    try {
      exit =
          run(
              "build-image",
              "--archive",
              archive.toString(),
              "--model-name",
              MODEL,
              "--base",
              registry.servingBase().toString(),
              "--image",
              registry.address() + "/cli/from-archive",
              "--image-tag",
              "v1",
              "--insecure-registry");
    } finally {
      System.setProperty("java.io.tmpdir", before);
    }

    assertThat(exit).as(stderr()).isZero();
    assertThat(stdout()).startsWith(registry.address() + "/cli/from-archive@sha256:");
    assertThat(registry.tags("cli/from-archive")).contains("v1");
    assertThat(tmp).isEmptyDirectory();
  }

  @Test
  void archiveAndModelDirectoryTogetherAreAUsageError() {
    int exit = buildImage("cli/both", "--archive", "model.tar.gz");

    assertThat(exit).isEqualTo(ExitCode.USAGE);
    assertThat(stderr()).contains("give either --model-dir or --archive, not both");
  }

  @Test
  void failedTarballBuildLeavesNeitherTheFileNorTheDirectoriesItMade() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Path made = temp.resolve("new");

    int exit =
        run(
            "build-image",
            "--model-dir",
            model.toString(),
            "--model-name",
            MODEL,
            "--base",
            "127.0.0.1:" + closedPort + "/serving/base:1",
            "--insecure-registry",
            "--to",
            "tar:" + made.resolve("deeper/image.tar"));

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(made).doesNotExist();
  }

  @Test
  void failedTarballBuildKeepsTheLinkAndTheFileItPointsAt() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Path images = Files.createDirectories(temp.resolve("images"));
    Path earlier = Files.writeString(images.resolve("earlier.tar"), "an earlier image");
    Path link = Files.createSymbolicLink(temp.resolve("image.tar"), earlier);

    int exit =
        run(
            "build-image",
            "--model-dir",
            model.toString(),
            "--model-name",
            MODEL,
            "--base",
            "127.0.0.1:" + closedPort + "/serving/base:1",
            "--insecure-registry",
            "--to",
            "tar:" + link);

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(earlier)).isEqualTo("an earlier image");
    try (Stream<Path> files = Files.list(images)) {
      assertThat(files.toList()).containsExactly(earlier);
    }
  }

  @Test
  void danglingTarballLinkIsRefusedBeforeTheBuild() throws IOException {
    Path link = Files.createSymbolicLink(temp.resolve("image.tar"), temp.resolve("gone/image.tar"));

    int exit =
        run(
            "build-image",
            "--model-dir",
            model.toString(),
            "--model-name",
            MODEL,
            "--to",
            "tar:" + link);

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .isEqualTo(
            "error: --to tar:"
                + link
                + " is a symbolic link to "
                + temp.resolve("gone/image.tar")
                + ", which does not exist — point the link at an existing file, or remove it, or"
                + " choose another path\n");
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void layerCompressionStoredWritesTheModelLayerAsStoredDeflateBlocks() {
    assertThat(buildImage("cli/stored", "--image-tag", "s", "--layer-compression", "stored"))
        .as(stderr())
        .isZero();

    assertThat(isStoredGzip(lastLayer("cli/stored", "s"))).isTrue();
  }

  @Test
  void layerCompressionComesFromTheEnvironment() {
    env.put("TFS_DEPLOY_LAYER_COMPRESSION", "STORED");

    assertThat(buildImage("cli/stored-env", "--image-tag", "s")).as(stderr()).isZero();

    assertThat(isStoredGzip(lastLayer("cli/stored-env", "s"))).isTrue();
  }

  @Test
  void anEmptyLayerCompressionFromTheActionMeansAuto() {
    env.put("TFS_DEPLOY_LAYER_COMPRESSION", ""); // what the action passes for an empty input

    assertThat(buildImage("cli/empty-input", "--image-tag", "e")).as(stderr()).isZero();

    assertThat(isStoredGzip(lastLayer("cli/empty-input", "e")))
        .isFalse(); // a small model: gzip under auto
  }

  @Test
  void smallModelLayersAreGzippedByDefault() {
    assertThat(buildImage("cli/gzipped", "--image-tag", "g")).as(stderr()).isZero();

    assertThat(isStoredGzip(lastLayer("cli/gzipped", "g"))).isFalse();
  }

  @Test
  void unknownLayerCompressionIsAUsageErrorListingTheChoices() {
    int exit = buildImage("cli/unknown", "--layer-compression", "fastest");

    assertThat(exit).isEqualTo(2);
    assertThat(stderr()).contains("--layer-compression").contains("AUTO, GZIP, STORED");
  }

  private byte[] lastLayer(String repository, String tag) {
    List<String> layers = new ArrayList<>();
    registry
        .manifest(repository, tag)
        .path("layers")
        .forEach(layer -> layers.add(layer.path("digest").asText()));
    return registry.blob(repository, layers.get(layers.size() - 1));
  }

  /** A gzip member whose first deflate block is a full stored block (type 00, LEN 65535). */
  private static boolean isStoredGzip(byte[] blob) {
    return blob[0] == 0x1f
        && (blob[1] & 0xff) == 0x8b
        && blob[3] == 0 // no optional header fields
        && blob[10] == 0
        && (blob[11] & 0xff) == 0xff
        && (blob[12] & 0xff) == 0xff
        && blob[13] == 0
        && blob[14] == 0;
  }

  @Test
  void missingModelDirectoryOptionIsAUsageError() {
    int exit = run("build-image", "--model-name", MODEL, "--image", registry.address() + "/cli/x");

    assertThat(exit).isEqualTo(ExitCode.USAGE);
    assertThat(stderr()).contains("missing --model-dir (or TFS_DEPLOY_MODEL_DIR)");
  }

  @Test
  void anUnreachableTargetWithABaseTarballIsNamedAsTheTargetAndNoTarballBaseIsSuggested()
      throws IOException {
    Path base = savedBase();
    String closed = "127.0.0.1:" + closedPort();

    int exit =
        run(
            "build-image",
            "--model-dir",
            model.toString(),
            "--model-name",
            MODEL,
            "--base",
            "tar:" + base,
            "--image",
            closed + "/cli/unreachable",
            "--insecure-registry");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .contains("error: registry " + closed + " is unreachable")
        .contains("check that the registry in --image is running")
        .contains("write the image with --to tar:PATH")
        .doesNotContain("pass --base tar:");
  }

  @Test
  void aRegistryDyingMidPushGivesOneRetryWarningThenTheOneLineError() throws IOException {
    // Jib retries each request for about a minute before it gives up: this test takes that long.
    Path large = temp.resolve("large");
    ModelFixtures.servableVersion(
        large, "1", 22, 40_000_000); // still uploading when the registry dies
    try (TestRegistry dying = new TestRegistry()) {
      dying.start();
      CompletableFuture<Void> killer =
          CompletableFuture.runAsync(() -> killOnFirstUpload(dying, "cli/dying"));

      int exit =
          run(
              "build-image",
              "--model-dir",
              large.toString(),
              "--model-name",
              MODEL,
              "--base",
              registry.servingBase().toString(),
              "--image",
              dying.address() + "/cli/dying",
              "--insecure-registry");

      killer.join();
      assertThat(exit).isEqualTo(ExitCode.FAILURE);
      List<String> lines = stderr().lines().toList();
      assertThat(lines)
          .filteredOn(line -> line.contains(dying.address()) && line.startsWith("warning:"))
          .singleElement()
          .asString()
          .contains("requests to registry " + dying.address() + " fail");
      assertThat(lines).noneMatch(line -> line.contains("failed and will"));
      assertThat(lines.get(lines.size() - 1))
          .startsWith("error: registry " + dying.address() + " is unreachable");
    }
  }

  @Test
  void aBaseTarballOfRandomBytesIsSaidNotToBeATarArchive() throws IOException {
    Path base = temp.resolve("serving.tar");
    ModelFixtures.random(base, 3, 100_000);

    assertBaseTarballRefused(base, "it is not a tar archive");
  }

  @Test
  void aGzippedBaseTarballIsSaidToBeCompressed() throws IOException {
    Path base = temp.resolve("serving.tar.gz");
    byte[] saved = Files.readAllBytes(savedBase());
    try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(base))) {
      gzip.write(saved);
    }

    assertBaseTarballRefused(base, "it is gzip-compressed");
    assertThat(stderr())
        .contains("— decompress it (gunzip) or save the base image with `docker save");
  }

  @Test
  void aBaseTarballWithoutManifestJsonNamesWhatItHolds() throws IOException {
    Path base =
        tar(
            temp.resolve("files.tar"),
            Map.of("README", "not an image", "data/weights.bin", "0101"));

    assertBaseTarballRefused(base, "it is a tar archive without manifest.json (it holds ");
    assertThat(stderr()).contains("README").contains("data/weights.bin");
  }

  @Test
  void anOciLayoutBaseTarballIsSaidToLackTheManifestOfDockerSave() throws IOException {
    Path base =
        tar(
            temp.resolve("oci.tar"),
            Map.of(
                "oci-layout",
                "{\"imageLayoutVersion\":\"1.0.0\"}",
                "index.json",
                "{\"schemaVersion\":2,\"manifests\":[]}"));

    assertBaseTarballRefused(
        base, "it is an OCI image layout without the manifest.json of `docker save`");
  }

  @Test
  void aTruncatedBaseTarballIsSaidToEndEarly() throws IOException {
    byte[] whole = Files.readAllBytes(savedBase());
    Path base = Files.write(temp.resolve("truncated.tar"), Arrays.copyOf(whole, whole.length / 2));

    assertBaseTarballRefused(base, "it ends early after ");
  }

  /**
   * The one-line refusal of {@code base}, which names it and what it holds instead, and leaves no
   * output.
   */
  private void assertBaseTarballRefused(Path base, String found) {
    out.reset();
    err.reset();
    Path image = temp.resolve("out/image.tar");

    int exit =
        run(
            "build-image",
            "--model-dir",
            model.toString(),
            "--model-name",
            MODEL,
            "--base",
            "tar:" + base,
            "--to",
            "tar:" + image,
            "--image",
            "local/serving");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr().lines().filter(line -> line.startsWith("error:")))
        .singleElement()
        .asString()
        .startsWith(
            "error: base tarball "
                + base
                + " is not an image saved by `docker save` (a tar holding manifest.json): "
                + found)
        .contains("docker save tensorflow/serving:TAG -o FILE");
    assertThat(stderr()).doesNotContainPattern("/tmp/\\d+/"); // Jib's extraction directory
    assertThat(image).doesNotExist();
  }

  /**
   * A base image tarball as Jib writes it (the format of `docker save`), built from the serving
   * base; output reset.
   */
  private Path savedBase() {
    Path base = temp.resolve("saved/serving-base.tar");
    int exit =
        run(
            "build-image",
            "--model-dir",
            model.toString(),
            "--model-name",
            MODEL,
            "--base",
            registry.servingBase().toString(),
            "--insecure-registry",
            "--to",
            "tar:" + base,
            "--image",
            "local/base");
    assertThat(exit).as(stderr()).isZero();
    out.reset();
    err.reset();
    return base;
  }

  private static Path tar(Path file, Map<String, String> entries) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, String> entry : new TreeMap<>(entries).entrySet()) {
        byte[] bytes = entry.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry header = new TarArchiveEntry(entry.getKey());
        header.setSize(bytes.length);
        tar.putArchiveEntry(header);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  /**
   * Kills the registry (no clean shutdown) as soon as a blob upload into {@code repository} begins;
   * gives up after 2 minutes.
   */
  private static void killOnFirstUpload(TestRegistry registry, String repository) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline
        && registry.requests("POST", "/v2/" + repository + "/blobs/uploads").isEmpty()) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    registry.getDockerClient().killContainerCmd(registry.getContainerId()).exec();
  }

  private static int closedPort() throws IOException {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private int buildImage(String repository, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "build-image",
                "--model-dir",
                model.toString(),
                "--model-name",
                MODEL,
                "--base",
                registry.servingBase().toString(),
                "--image",
                registry.address() + "/" + repository,
                "--insecure-registry"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private int run(String... args) {
    Console console =
        new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ActionsEnvironment(env),
            false);
    return Main.run(args, console, env);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, String> runnerFile(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("(?s)([A-Za-z_][A-Za-z0-9_-]*)<<(\\S+)\n(.*?)\n\\2\n")
            .matcher(Files.readString(file));
    while (m.find()) {
      values.put(m.group(1), m.group(3));
    }
    return values;
  }

  private static void assertSameFiles(Path expected, Path actual) throws IOException {
    try (Stream<Path> files = Files.walk(expected)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path copy = actual.resolve(expected.relativize(file).toString());
        assertThat(copy).as(copy.toString()).exists();
        assertThat(Files.mismatch(file, copy)).as(copy.toString()).isEqualTo(-1L);
      }
    }
    try (Stream<Path> copies = Files.walk(actual);
        Stream<Path> originals = Files.walk(expected)) {
      assertThat(copies.filter(Files::isRegularFile).count())
          .isEqualTo(originals.filter(Files::isRegularFile).count());
    }
  }
}
