package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.image.StoredLayers.MeasuredLayer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two passes over a stored layer: measured first, then written (and sent) as measured. */
class StoredLayersTest {
  @TempDir Path temp;
  final ByteProgress progress =
      new ByteProgress(new MonotonicProgress(ImageBuildListener.NONE), 1.0, 1);

  @Test
  void theSecondPassSendsExactlyTheBytesTheFirstMeasured() throws Exception {
    FileEntriesLayer layer = shardLayer(41);
    MeasuredLayer measured = StoredLayers.measure(layer, progress);

    byte[] bytes = sent(layer, measured);

    assertThat(bytes).hasSize((int) measured.size());
    assertThat("sha256:" + sha256(bytes)).isEqualTo(measured.digest().toString());
    try (GZIPInputStream tar = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      assertThat("sha256:" + sha256(tar.readAllBytes())).isEqualTo(measured.diffId().toString());
    }
  }

  @Test
  void withoutARegistryToSendItToTheSecondPassFilesTheSameBytesInJibsCache() throws Exception {
    FileEntriesLayer layer = shardLayer(45);
    MeasuredLayer measured = StoredLayers.measure(layer, progress);

    StoredLayer written = StoredLayers.write(layer, measured, cache(), progress);

    assertThat(Files.readAllBytes(written.file())).isEqualTo(sent(layer, measured));
    assertThat(written.digest()).isEqualTo(measured.digest().toString());
    assertThat(diffIdOf(written)).isEqualTo(measured.diffId().toString());
  }

  @Test
  void filesChangedBetweenThePassesFailTheLayerAndLeaveNoPartialFile() throws Exception {
    FileEntriesLayer layer = shardLayer(42);
    MeasuredLayer measured = StoredLayers.measure(layer, progress);
    Path shard = temp.resolve("model/1/variables/variables.data-00000-of-00001");
    ModelFixtures.random(shard, 43, Files.size(shard)); // same size, other bytes
    Path cache = cache();

    assertThatThrownBy(() -> StoredLayers.write(layer, measured, cache, progress))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("changed while the image was being built");
    try (var left = Files.list(cache)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aModelFileThatCannotBeReadIsAUserErrorNamingTheLayer() throws Exception {
    FileEntriesLayer layer = shardLayer(44);
    Files.delete(temp.resolve("model/1/variables/variables.data-00000-of-00001"));

    try (LayerCache cache = LayerCache.create()) {
      assertThatThrownBy(
              () ->
                  StoredLayers.start(
                          List.of(layer),
                          LayerCompression.STORED,
                          cache,
                          Optional::empty,
                          new MonotonicProgress(ImageBuildListener.NONE),
                          1,
                          ImageBuildListener.NONE)
                      .awaitAll())
          .isInstanceOf(UserError.class)
          .hasMessageStartingWith("cannot write the image layer for " + layer.getName() + ": ")
          .satisfies(e -> assertThat(((UserError) e).fix()).contains("TMPDIR"));
    }
  }

  private FileEntriesLayer shardLayer(long seed) throws IOException {
    ModelFixtures.version(temp.resolve("model"), "1", seed, ModelLayers.OWN_LAYER_BYTES + 1);
    List<FileEntriesLayer> layers =
        ModelLayers.plan(ModelDirectory.scan(temp.resolve("model")), "m");
    return layers.get(layers.size() - 1);
  }

  private Path cache() throws IOException {
    return Files.createDirectories(temp.resolve("cache"));
  }

  /** What the second pass sends to a registry. */
  private byte[] sent(FileEntriesLayer layer, MeasuredLayer measured) throws IOException {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    StoredLayers.send(layer, measured, progress, sent);
    return sent.toByteArray();
  }

  /** Jib's cache names a layer file by its diff ID (layers/<digest>/<diffId>). */
  private static String diffIdOf(StoredLayer layer) {
    return "sha256:" + layer.file().getFileName();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
