package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDigestTest {
  @TempDir Path temp;

  @Test
  void sameContentElsewhereWithOtherTimestampsHasTheSameDigest() throws IOException {
    ModelFixtures.version(temp.resolve("a"), "1", 4, 5_000);
    ModelFixtures.version(temp.resolve("b"), "1", 4, 5_000);
    Files.setLastModifiedTime(
        temp.resolve("b/1/saved_model.pb"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));

    assertThat(digest("a", LayerCompression.GZIP))
        .isEqualTo(digest("b", LayerCompression.GZIP))
        .matches("[0-9a-f]{64}");
  }

  @Test
  void anyChangedByteChangesTheDigest() throws IOException {
    ModelFixtures.version(temp.resolve("a"), "1", 4, 5_000);
    String before = digest("a", LayerCompression.GZIP);
    Path shard = temp.resolve("a/1/variables/variables.data-00000-of-00001");
    byte[] bytes = Files.readAllBytes(shard);
    bytes[4_321] ^= 1;
    Files.write(shard, bytes);

    assertThat(digest("a", LayerCompression.GZIP)).isNotEqualTo(before);
  }

  @Test
  void renamedFileOrVersionChangesTheDigest() throws IOException {
    ModelFixtures.version(temp.resolve("a"), "1", 4, 5_000);
    String before = digest("a", LayerCompression.GZIP);
    Files.move(temp.resolve("a/1"), temp.resolve("a/2"));

    assertThat(digest("a", LayerCompression.GZIP)).isNotEqualTo(before);
  }

  @Test
  void storedLayersGiveTheDigestGzippedOnesDo() throws IOException {
    ModelFixtures.version(temp.resolve("a"), "1", 4, ModelLayers.OWN_LAYER_BYTES + 1);

    assertThat(digest("a", LayerCompression.STORED)).isEqualTo(digest("a", LayerCompression.GZIP));
  }

  /**
   * The digest as a build computes it: stored layers' diff IDs from their first pass, the rest
   * hashed.
   */
  private String digest(String dir, LayerCompression compression) {
    List<FileEntriesLayer> layers = ModelLayers.plan(ModelDirectory.scan(temp.resolve(dir)), "m");
    try (LayerCache cache = LayerCache.create()) {
      StoredLayers stored =
          StoredLayers.start(
              layers,
              compression,
              cache,
              Optional::empty,
              new MonotonicProgress(ImageBuildListener.NONE),
              1,
              ImageBuildListener.NONE);
      String digest = ModelDigest.of(layers, stored::diffId);
      stored.awaitAll();
      return digest;
    }
  }
}
