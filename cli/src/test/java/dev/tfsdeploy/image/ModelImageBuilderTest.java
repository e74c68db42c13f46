package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.ImageReference;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.image.LayerTar.Entry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Builds images on a synthetic TF Serving base in a real registry and reads back what it stored.
 */
@Testcontainers
class ModelImageBuilderTest {
  static final String MODEL = "half_plus_two";

  /** Just above the size from which a file gets its own layer. */
  static final long LARGE_SHARD = ModelLayers.OWN_LAYER_BYTES + 1024;

  @Container static final TestRegistry registry = new TestRegistry().withServingBase();

  @TempDir Path temp;
  final RecordingListener listener = new RecordingListener();

  @Test
  void imageIsTheBaseWithTheModelUnderModelsAndModelNameSet() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 1, 100_000);

    BuiltImage built = build(model, "images/contents", List.of("v1"), Optional.empty());

    assertThat(registry.manifestDigest("images/contents", "v1")).isEqualTo(built.digest());
    JsonNode manifest = registry.manifest("images/contents", "v1");
    List<String> layers = digests(manifest.path("layers"));
    List<String> baseLayers = digests(registry.manifest("serving/base", "1").path("layers"));
    assertThat(layers).hasSize(baseLayers.size() + 1).startsWith(baseLayers.toArray(String[]::new));

    JsonNode config = registry.config("images/contents", "v1").path("config");
    assertThat(texts(config.path("Env")))
        .contains("MODEL_NAME=" + MODEL, "MODEL_BASE_PATH=/models", "PATH=/bin:/usr/bin")
        .doesNotContain("MODEL_NAME=model");
    assertThat(texts(config.path("Entrypoint"))).containsExactly(ServingBaseImage.ENTRYPOINT);
    assertThat(config.path("ExposedPorts").has("8500/tcp")).isTrue();
    assertThat(config.path("ExposedPorts").has("8501/tcp")).isTrue();
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/");
    assertThat(config.path("Labels").path(ServingBaseImage.BASE_LABEL).asText())
        .isEqualTo("synthetic");
    assertThat(config.path("Labels").path(ImageProvenance.SOURCE).asText())
        .isEqualTo("https://github.com/acme/models");
    assertThat(config.path("Labels").path(ImageProvenance.REVISION).asText()).isEqualTo("0123abcd");
    assertThat(config.path("Labels").path(ImageProvenance.MODEL_DIGEST).asText())
        .isEqualTo(built.modelDigest());

    LayerTar modelLayer =
        LayerTar.read(registry.blob("images/contents", layers.get(layers.size() - 1)));
    String version = "models/" + MODEL + "/1/";
    assertThat(modelLayer.names())
        .containsExactly(
            "models/",
            "models/" + MODEL + "/",
            version,
            version + "assets/",
            version + "assets/labels.txt",
            version + "fingerprint.pb",
            version + "saved_model.pb",
            version + "variables/",
            version + "variables/variables.data-00000-of-00001",
            version + "variables/variables.index");
    for (Entry entry : modelLayer.entries()) {
      assertThat(entry.mode()).as(entry.name()).isEqualTo(entry.directory() ? 0755 : 0644);
      assertThat(entry.mtimeSeconds()).as(entry.name()).isEqualTo(1);
      assertThat(entry.uid()).as(entry.name()).isZero();
      assertThat(entry.gid()).as(entry.name()).isZero();
    }
  }

  @Test
  void sameModelTwiceGivesTheSameDigestAndTheSecondPushUploadsNothing() throws IOException {
    Path first = temp.resolve("first");
    ModelFixtures.version(first, "1", 7, LARGE_SHARD);
    Path second = temp.resolve("second");
    ModelFixtures.version(second, "1", 7, LARGE_SHARD);
    // Another directory, other timestamps: nothing of the build machine may reach the image.
    Files.setLastModifiedTime(
        second.resolve("1/saved_model.pb"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

    BuiltImage once = build(first, "images/twice", List.of(), Optional.empty());
    List<String> uploadsAfterFirst = registry.uploadedBlobs("images/twice");
    BuiltImage twice = build(second, "images/twice", List.of(), Optional.empty());

    assertThat(twice.digest()).isEqualTo(once.digest());
    assertThat(uploadsAfterFirst).hasSize(3); // the config, the version layer, the shard layer
    assertThat(registry.uploadedBlobs("images/twice")).isEqualTo(uploadsAfterFirst);
  }

  @Test
  void aChangedGraphPushesOnlyItsLayerAndTheConfig() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 11, LARGE_SHARD);
    BuiltImage before = build(model, "images/changed", List.of("before"), Optional.empty());
    int uploadsBefore = registry.uploadedBlobs("images/changed").size();
    long bytesBefore = registry.uploadedBytes("images/changed");

    ModelFixtures.random(model.resolve("1/saved_model.pb"), 12, 40_000);
    BuiltImage after = build(model, "images/changed", List.of("after"), Optional.empty());

    List<String> uploads = registry.uploadedBlobs("images/changed");
    List<String> newUploads = uploads.subList(uploadsBefore, uploads.size());
    List<String> layersBefore =
        digests(registry.manifest("images/changed", "before").path("layers"));
    List<String> layersAfter = digests(registry.manifest("images/changed", "after").path("layers"));
    String shardLayer = layersBefore.get(layersBefore.size() - 1);
    String configAfter =
        registry.manifest("images/changed", "after").path("config").path("digest").asText();

    assertThat(after.digest()).isNotEqualTo(before.digest());
    assertThat(layersAfter).contains(shardLayer);
    assertThat(newUploads)
        .containsExactlyInAnyOrder(layersAfter.get(layersAfter.size() - 2), configAfter);
    assertThat(registry.uploadedBytes("images/changed") - bytesBefore).isLessThan(100_000);
  }

  @Test
  void newContentWithTheSamePathsAndTimestampsIsBuiltAfresh() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 13, 1_000);
    Path graph = model.resolve("1/saved_model.pb");
    FileTime fixed =
        FileTime.from(Instant.parse("2020-01-01T00:00:00Z")); // as a reproducible archive sets it
    Files.setLastModifiedTime(graph, fixed);
    BuiltImage first = build(model, "images/refreshed", List.of("first"), Optional.empty());

    ModelFixtures.random(graph, 14, 40_000);
    Files.setLastModifiedTime(graph, fixed);
    BuiltImage second = build(model, "images/refreshed", List.of("second"), Optional.empty());

    assertThat(second.digest()).isNotEqualTo(first.digest());
    List<String> layers = digests(registry.manifest("images/refreshed", "second").path("layers"));
    LayerTar modelLayer =
        LayerTar.read(registry.blob("images/refreshed", layers.get(layers.size() - 1)));
    assertThat(modelLayer.entries())
        .filteredOn(entry -> entry.name().endsWith("saved_model.pb"))
        .singleElement()
        .satisfies(entry -> assertThat(entry.content()).isEqualTo(Files.readAllBytes(graph)));
  }

  @Test
  void compressedLayersAreDeletedAfterTheBuild() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 15, 1_000);
    List<String> before = temporaryLayerDirectories();

    build(model, "images/cleaned", List.of("c"), Optional.empty());

    assertThat(temporaryLayerDirectories()).isEqualTo(before);
  }

  @Test
  void defaultTagsAreTheReleaseTagAndTheModelDigest() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "3", 5, 1_000);

    BuiltImage built = build(model, "images/tags", List.of(), Optional.of("v1.2.0+build.7"));

    String modelTag = "model-" + built.modelDigest().substring(0, 12);
    assertThat(built.tags()).containsExactly("v1.2.0-build.7", modelTag);
    assertThat(registry.tags("images/tags")).containsExactlyInAnyOrder("v1.2.0-build.7", modelTag);
    assertThat(
            registry
                .config("images/tags", modelTag)
                .path("config")
                .path("Labels")
                .path(ImageProvenance.VERSION)
                .asText())
        .isEqualTo("v1.2.0+build.7");
  }

  @Test
  void explicitTagsReplaceTheDefaults() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 5, 1_000);

    build(model, "images/explicit", List.of("prod", "canary"), Optional.of("v9"));

    assertThat(registry.tags("images/explicit")).containsExactlyInAnyOrder("prod", "canary");
  }

  @Test
  void progressIsReportedUpToDone() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 5, 1_000);

    build(model, "images/progress", List.of("p"), Optional.empty());

    assertThat(listener.plannedLayers).isEqualTo(1);
    assertThat(listener.progress).isNotEmpty().isSorted().last().isEqualTo(1.0);
  }

  @Test
  void compressedLayersAreDeletedAfterAFailedBuild() throws Exception {
    Path model = temp.resolve("model");
    ModelFixtures.version(
        model, "1", 16, 30_000_000); // still compressing when the base lookup fails
    ImageReference unreachable =
        ImageReference.parse("127.0.0.1:" + closedPort() + "/serving/base:1");
    List<String> before = temporaryLayerDirectories();

    assertThatThrownBy(() -> build(model, unreachable, registry.address() + "/images/failed", true))
        .isInstanceOf(UserError.class);

    assertThat(temporaryLayerDirectories()).isEqualTo(before);
  }

  @Test
  void missingBaseImageIsAnErrorNamingTheBase() throws Exception {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 5, 1_000);
    ImageReference missing = ImageReference.parse(registry.address() + "/serving/missing:2.0");

    assertThatThrownBy(() -> build(model, missing, registry.address() + "/images/nobase", true))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("base image " + missing + " cannot be read:")
        .hasMessageContaining("unknown");
  }

  @Test
  void unreachableRegistryIsAnErrorNamingIt() throws Exception {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 5, 1_000);
    String closed = "127.0.0.1:" + closedPort();

    assertThatThrownBy(
            () -> build(model, registry.servingBase(), closed + "/images/unreachable", true))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("registry " + closed + " is unreachable")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .startsWith("check that the registry in --image is running")
        .doesNotContain("--base tar:"); // the base's registry answered: a saved base would not help
  }

  @Test
  void anUnreachableBaseRegistrySuggestsABaseSavedToDisk() throws Exception {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 5, 1_000);
    ImageReference unreachable =
        ImageReference.parse("127.0.0.1:" + closedPort() + "/serving/base:1");

    assertThatThrownBy(() -> build(model, unreachable, registry.address() + "/images/nobase", true))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("registry " + unreachable.getRegistry() + " is unreachable")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .startsWith("check that the registry in --base is running")
        .contains("pass --base tar:FILE");
  }

  @Test
  void fallingBackToPlainHttpWhenAllowedIsNoWarning() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 5, 1_000);

    build(model, "images/quiet", List.of("q"), Optional.empty());

    assertThat(listener.messages)
        .filteredOn(message -> message.startsWith("WARN"))
        .noneMatch(message -> message.contains("Attempting again"));
    assertThat(listener.messages)
        .anyMatch(
            message ->
                message.startsWith("DEBUG")
                    && message.contains("over HTTPS. Attempting again with HTTP."));
  }

  @Test
  void plainHttpRegistryNeedsInsecureRegistry() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 5, 1_000);

    assertThatThrownBy(
            () -> build(model, registry.servingBase(), registry.address() + "/images/plain", false))
        .isInstanceOf(UserError.class)
        .hasMessage("registry " + registry.address() + " speaks plain HTTP")
        .satisfies(e -> assertThat(((UserError) e).fix()).contains("--insecure-registry"));
  }

  @Test
  void invalidModelIsRefusedWhateverTheRegistry() throws Exception {
    Path model = Files.createDirectories(temp.resolve("model/1"));
    Files.writeString(model.resolve("README"), "not a SavedModel");
    String closed = "127.0.0.1:" + closedPort();

    assertThatThrownBy(
            () ->
                build(
                    temp.resolve("model"),
                    registry.servingBase(),
                    closed + "/images/invalid",
                    true))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("has no saved_model.pb");
  }

  @Test
  void aModelRefusedWhileItsLayersAreMeasuredLeavesNothingBehindAndSendsNothing() throws Exception {
    Path model = temp.resolve("model");
    ModelFixtures.version(
        model, "1", 18, 3 * LARGE_SHARD); // its stored layer is read during validation
    Files.delete(model.resolve("1/saved_model.pb"));
    List<String> before = temporaryLayerDirectories();

    assertThatThrownBy(
            () ->
                build(model, registry.servingBase(), registry.address() + "/images/refused", true))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("has no saved_model.pb");

    assertThat(temporaryLayerDirectories()).isEqualTo(before);
    assertThat(registry.requests("POST", "/v2/images/refused/")).isEmpty();
    assertThat(registry.requests("HEAD", "/v2/images/refused/")).isEmpty();
  }

  private BuiltImage build(
      Path model, String repository, List<String> tags, Optional<String> releaseTag) {
    ModelImageRequest request =
        new ModelImageRequest(
            model,
            MODEL,
            registry.servingBase(),
            new ImageTarget.Registry(ImageNames.repository(registry.address() + "/" + repository)),
            tags,
            releaseTag,
            new ImageProvenance(
                Optional.of("https://github.com/acme/models"), releaseTag, Optional.of("0123abcd")),
            true);
    return builder().build(request);
  }

  private BuiltImage build(
      Path model, ImageReference baseImage, String repository, boolean insecure) {
    ModelImageRequest request =
        new ModelImageRequest(
            model,
            MODEL,
            baseImage,
            new ImageTarget.Registry(ImageNames.repository(repository)),
            List.of("t"),
            Optional.empty(),
            ImageProvenance.UNKNOWN,
            insecure);
    return builder().build(request);
  }

  private ModelImageBuilder builder() {
    return builder(temp, listener);
  }

  /**
   * A builder that finds no credentials (a Docker config in {@code temp} that does not exist) and
   * checks only the layout.
   */
  static ModelImageBuilder builder(Path temp, RecordingListener listener) {
    return new ModelImageBuilder(new SavedModelLayout(), noCredentials(temp), listener, "test");
  }

  /**
   * Credentials that find nothing: a Docker config in {@code temp} that does not exist, no Google
   * login.
   */
  static RegistryCredentials noCredentials(Path temp) {
    return new RegistryCredentials(
        temp.resolve("docker/config.json"),
        Map.of(),
        () -> {
          throw new IOException("no Google credentials in this test");
        });
  }

  static List<String> digests(JsonNode descriptors) {
    List<String> digests = new ArrayList<>();
    descriptors.forEach(descriptor -> digests.add(descriptor.path("digest").asText()));
    return digests;
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  static List<String> temporaryLayerDirectories() throws IOException {
    try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .map(path -> path.getFileName().toString())
          .filter(name -> name.startsWith("tfs-deploy-layers-"))
          .sorted()
          .toList();
    }
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
