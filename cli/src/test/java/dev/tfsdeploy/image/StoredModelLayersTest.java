package dev.tfsdeploy.image;

import static dev.tfsdeploy.image.DockerCli.docker;
import static dev.tfsdeploy.image.ModelImageBuilderTest.digests;
import static dev.tfsdeploy.image.ModelImageBuilderTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.tfsdeploy.testing.LoopbackTls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Model layers whose files do not compress are pushed as stored gzip, written by tfs-deploy rather
 * than Jib; the registry, skopeo and the Docker engine take them like any other layer.
 */
@Testcontainers
class StoredModelLayersTest {
  static final String MODEL = "half_plus_two";
  static final long SHARD = ModelLayers.OWN_LAYER_BYTES + 4096;

  @Container static final TestRegistry registry = new TestRegistry().withServingBase();

  @TempDir Path temp;
  final RecordingListener listener = new RecordingListener();

  @Test
  void randomWeightsAreStoredAndGiveBackTheirBytes() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 21, SHARD);

    build(model, "stored/weights", "w", LayerCompression.AUTO);

    byte[] blob = registry.blob("stored/weights", shardLayer("stored/weights", "w"));
    byte[] tar = gunzip(blob);
    // Stored deflate: the gzip is the tar plus 18 bytes of header and trailer and 5 per 64 KiB
    // block.
    long blocks =
        ((long) tar.length + StoredGzipOutputStream.MAX_BLOCK - 1)
            / StoredGzipOutputStream.MAX_BLOCK;
    assertThat((long) blob.length).isEqualTo(tar.length + 18 + 5 * blocks);
    LayerTar layer = LayerTar.read(blob);
    LayerTar.Entry shard =
        layer.entries().stream()
            .filter(entry -> entry.name().endsWith("variables.data-00000-of-00001"))
            .findFirst()
            .orElseThrow();
    assertThat(shard.size()).isEqualTo(SHARD);
    assertThat(shard.mode()).isEqualTo(0644);
    assertThat(shard.mtimeSeconds()).isEqualTo(1);
  }

  @Test
  void progressMovesWhileTheStoredLayersAreWrittenAndUploaded() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 28, SHARD);

    build(model, "stored/progress", "p", LayerCompression.AUTO);

    assertThat(listener.progress).isSorted().last().isEqualTo(1.0);
    // Stored layers are nearly all of this model: their bytes move the bar in many small steps.
    assertThat(listener.progress)
        .filteredOn(fraction -> fraction > 0.1 && fraction < 0.9)
        .hasSizeGreaterThan(20);
  }

  @Test
  void compressibleWeightsAreGzipped() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 22, 1_000);
    Files.write(
        model.resolve("1/variables/variables.data-00000-of-00001"), new byte[(int) SHARD]); // zeros

    build(model, "stored/zeros", "z", LayerCompression.AUTO);

    byte[] blob = registry.blob("stored/zeros", shardLayer("stored/zeros", "z"));
    assertThat(blob.length).isLessThan((int) (SHARD / 100));
  }

  @Test
  void storedAndGzippedLayersHoldTheSameTar() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 23, SHARD);

    build(model, "stored/same", "stored", LayerCompression.STORED);
    build(model, "stored/same", "gzip", LayerCompression.GZIP);

    List<String> storedDiffIds =
        texts(registry.config("stored/same", "stored").path("rootfs").path("diff_ids"));
    List<String> gzipDiffIds =
        texts(registry.config("stored/same", "gzip").path("rootfs").path("diff_ids"));
    assertThat(storedDiffIds).isEqualTo(gzipDiffIds);
    List<String> storedLayers = digests(registry.manifest("stored/same", "stored").path("layers"));
    List<String> gzipLayers = digests(registry.manifest("stored/same", "gzip").path("layers"));
    assertThat(storedLayers.get(storedLayers.size() - 1))
        .isNotEqualTo(gzipLayers.get(gzipLayers.size() - 1));
  }

  @Test
  void storedLayerIsUploadedOnceInOneRequestWhileJibWaitsForIt() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 24, SHARD);

    build(model, "stored/upload", "u", LayerCompression.AUTO);

    String shard = shardLayer("stored/upload", "u");
    assertThat(registry.uploadedBlobs("stored/upload")).containsOnlyOnce(shard);
    // One monolithic PUT: no PATCH carried any of its bytes (Jib sends every blob as a PATCH).
    assertThat(registry.requests("PATCH", "/v2/stored/upload/blobs/uploads/"))
        .hasSize(2); // config, version layer
  }

  @Test
  void baseLayersInTheTargetsRegistryAreMountedNotDownloaded() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 25, 1_000);
    List<String> baseLayers = digests(registry.manifest("serving/base", "1").path("layers"));
    int layerDownloadsBefore = baseLayerDownloads(baseLayers);

    build(model, "stored/mounted", "m", LayerCompression.AUTO);

    assertThat(baseLayerDownloads(baseLayers))
        .isEqualTo(layerDownloadsBefore); // only the base's config is read
    List<String> mounts = registry.requests("POST", "/v2/stored/mounted/blobs/uploads/?mount=");
    for (String layer : baseLayers) {
      String hex = layer.substring("sha256:".length());
      assertThat(mounts)
          .as("mounts of " + layer)
          .filteredOn(request -> request.contains(hex))
          .hasSize(1);
    }
    assertThat(digests(registry.manifest("stored/mounted", "m").path("layers")))
        .containsAll(baseLayers);
  }

  @Test
  void theEngineRunsAnImageWithStoredLayersAndServesTheSameWeights() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 26, SHARD);
    build(model, "stored/engine", "e", LayerCompression.AUTO);
    String image = registry.address() + "/stored/engine:e";
    Path copied = temp.resolve("copied");
    try {
      docker("pull", "-q", image);
      assertThat(docker("run", "--rm", "--network", "none", image))
          .contains("serving model " + MODEL + " version 1");
      String container = docker("create", image).strip();
      try {
        docker(
            "cp",
            container + ":/models/" + MODEL + "/1/variables/variables.data-00000-of-00001",
            copied.toString());
      } finally {
        docker("rm", container);
      }
      assertThat(Files.mismatch(copied, model.resolve("1/variables/variables.data-00000-of-00001")))
          .isEqualTo(-1);
    } finally {
      DockerCli.removeImage(image);
    }
  }

  @Test
  void aTarballTargetCarriesStoredLayersThatTheEngineLoads() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 27, SHARD);
    Path tarball = temp.resolve("image.tar");
    ModelImageRequest request =
        new ModelImageRequest(
            model,
            MODEL,
            new BaseImage.Registry(registry.servingBase()),
            new ImageTarget.Tarball(tarball, ImageNames.repository("stored/tarball")),
            List.of("t"),
            Optional.empty(),
            ImageProvenance.UNKNOWN,
            true,
            LayerCompression.AUTO);
    builder().build(request);
    try {
      assertThat(docker("load", "-i", tarball.toString())).contains("stored/tarball:t");
      assertThat(docker("run", "--rm", "--network", "none", "stored/tarball:t"))
          .contains("serving model " + MODEL);
    } finally {
      DockerCli.removeImage("stored/tarball:t");
    }
  }

  private static int baseLayerDownloads(List<String> baseLayers) {
    return (int)
        baseLayers.stream()
            .mapToLong(layer -> registry.requests("GET", "/v2/serving/base/blobs/" + layer).size())
            .sum();
  }

  private String shardLayer(String repository, String tag) {
    List<String> layers = digests(registry.manifest(repository, tag).path("layers"));
    return layers.get(layers.size() - 1);
  }

  @Test
  void aLayerSentToTheRegistryLeavesOnlyAPlaceholderInJibsCache() throws IOException {
    FileEntriesLayer layer = shardLayer(temp.resolve("model"), 27);

    try (LayerCache cache = LayerCache.create()) {
      Optional<TargetPreload> preload = preload(registry, "stored/placeholder");
      runStoredLayers(layer, cache, preload);

      Path cached = cachedLayerFile(cache);
      assertThat(registry.uploadedBlobs("stored/placeholder"))
          .containsExactly("sha256:" + cached.getParent().getFileName());
      assertThat(Files.size(cached))
          .isEqualTo(
              registry.blob("stored/placeholder", "sha256:" + cached.getParent().getFileName())
                  .length);
      assertThat(Files.readAllBytes(cached))
          .containsOnly(0); // a sparse file: no copy of the model on disk
      preload.get().close();
    }
  }

  @Test
  void aLayerTheRegistryRefusesIsWrittenIntoJibsCacheForJibToPush() throws IOException {
    FileEntriesLayer layer = shardLayer(temp.resolve("model"), 28);

    try (TestRegistry readOnly = new TestRegistry().withReadOnlyStorage();
        LayerCache cache = LayerCache.create()) {
      readOnly.start();
      Optional<TargetPreload> preload = preload(readOnly, "stored/refused");
      runStoredLayers(layer, cache, preload);

      Path cached = cachedLayerFile(cache);
      assertThat(listener.messages)
          .anyMatch(
              message ->
                  message.contains(": upload failed (") && message.endsWith("; Jib pushes it"));
      assertThat("sha256:" + sha256(gunzip(Files.readAllBytes(cached))))
          .isEqualTo("sha256:" + cached.getFileName());
      preload.get().close();
    }
  }

  private FileEntriesLayer shardLayer(Path model, long seed) throws IOException {
    ModelFixtures.version(model, "1", seed, SHARD);
    List<FileEntriesLayer> layers = ModelLayers.plan(ModelDirectory.scan(model), MODEL);
    return layers.get(layers.size() - 1);
  }

  private Optional<TargetPreload> preload(TestRegistry target, String repository) {
    Optional<TargetPreload> preload =
        TargetPreload.open(
            ImageNames.repository(target.address() + "/" + repository),
            Optional.empty(),
            ModelImageBuilderTest.noCredentials(temp),
            true,
            true,
            listener);
    assertThat(preload).as("logged in to %s", target.address()).isPresent();
    return preload;
  }

  private void runStoredLayers(
      FileEntriesLayer layer, LayerCache cache, Optional<TargetPreload> preload) {
    StoredLayers.start(
            List.of(layer),
            LayerCompression.STORED,
            cache,
            () -> preload,
            new MonotonicProgress(ImageBuildListener.NONE),
            1,
            listener)
        .awaitAll();
  }

  /** The one layer file in Jib's cache layout: layers/<digest hex>/<diff ID hex>. */
  private static Path cachedLayerFile(LayerCache cache) throws IOException {
    try (Stream<Path> files = Files.walk(cache.directory().resolve("layers"))) {
      List<Path> layers = files.filter(Files::isRegularFile).toList();
      assertThat(layers).hasSize(1);
      return layers.get(0);
    }
  }

  private static String sha256(byte[] bytes) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IOException(e);
    }
  }

  private static byte[] gunzip(byte[] gzip) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    }
  }

  @Test
  void aSelfSignedTargetRegistryTakesTheStoredLayerInOneRequestWithInsecureRegistry()
      throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 29, SHARD);

    try (TestRegistry selfSigned =
        new TestRegistry().withTls(new LoopbackTls("Self-signed target CA"))) {
      selfSigned.start();
      build(model, selfSigned, "stored/tls", "s", LayerCompression.AUTO);

      String log = selfSigned.getLogs();
      assertThat(log).contains("\"PUT /v2/stored/tls/manifests/s HTTP/1.1\" 201");
      // The shard went in one monolithic PUT of tfs-deploy's; Jib's PATCHes carried the base's
      // layer (the base is on another registry: Jib copies it), the version layer and the config.
      assertThat(
              Pattern.compile("\"PATCH /v2/stored/tls/blobs/uploads/")
                  .matcher(log)
                  .results()
                  .count())
          .isEqualTo(3);
      assertThat(listener.messages)
          .anyMatch(
              message ->
                  message.matches(".*variables\\.data-00000-of-00001: uploaded \\d+ bytes in .*"));
    }
  }

  private void build(Path model, String repository, String tag, LayerCompression compression) {
    build(model, registry, repository, tag, compression);
  }

  private void build(
      Path model,
      TestRegistry target,
      String repository,
      String tag,
      LayerCompression compression) {
    ModelImageRequest request =
        new ModelImageRequest(
            model,
            MODEL,
            new BaseImage.Registry(registry.servingBase()),
            new ImageTarget.Registry(ImageNames.repository(target.address() + "/" + repository)),
            List.of(tag),
            Optional.empty(),
            ImageProvenance.UNKNOWN,
            true,
            compression);
    builder().build(request);
  }

  private ModelImageBuilder builder() {
    return ModelImageBuilderTest.builder(temp, listener);
  }
}
