package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which model layers are stored and which gzipped, per setting. */
class LayerCompressionTest {
  static final long MIB = 1 << 20;

  @TempDir Path dir;

  @Test
  void autoStoresALayerOfRandomBytes() throws IOException {
    FileEntriesLayer weights =
        LayerFiles.layer(dir, LayerFiles.random(dir.resolve("weights"), 1, 8 * MIB));

    assertThat(LayerCompression.AUTO.stores(weights)).isTrue();
  }

  @Test
  void autoGzipsALayerOfZeros() throws IOException {
    FileEntriesLayer zeros = LayerFiles.layer(dir, LayerFiles.zeros(dir.resolve("zeros"), 8 * MIB));

    assertThat(LayerCompression.AUTO.stores(zeros)).isFalse();
  }

  @Test
  void autoGzipsALayerOfRepetitiveText() throws IOException {
    FileEntriesLayer text =
        LayerFiles.layer(dir, LayerFiles.text(dir.resolve("vocab.txt"), 8 * MIB));

    assertThat(LayerCompression.AUTO.stores(text)).isFalse();
  }

  @Test
  void autoGzipsARandomLayerUnderTheProbedSize() throws IOException {
    FileEntriesLayer small =
        LayerFiles.layer(
            dir, LayerFiles.random(dir.resolve("weights"), 2, LayerCompression.PROBED_BYTES - 1));

    assertThat(LayerCompression.AUTO.stores(small)).isFalse();
  }

  @Test
  void autoStoresARandomLayerOfExactlyTheProbedSize() throws IOException {
    FileEntriesLayer layer =
        LayerFiles.layer(
            dir, LayerFiles.random(dir.resolve("weights"), 3, LayerCompression.PROBED_BYTES));

    assertThat(LayerCompression.AUTO.stores(layer)).isTrue();
  }

  @Test
  void autoCountsEveryFileOfTheLayerTowardsTheProbedSize() throws IOException {
    FileEntriesLayer layer =
        LayerFiles.layer(
            dir,
            LayerFiles.random(dir.resolve("shard-0"), 4, LayerCompression.PROBED_BYTES / 2),
            LayerFiles.random(dir.resolve("shard-1"), 5, LayerCompression.PROBED_BYTES / 2));

    assertThat(LayerCompression.AUTO.stores(layer)).isTrue();
  }

  @Test
  void gzipNeverStores() throws IOException {
    FileEntriesLayer weights =
        LayerFiles.layer(dir, LayerFiles.random(dir.resolve("weights"), 6, 8 * MIB));

    assertThat(LayerCompression.GZIP.stores(weights)).isFalse();
  }

  @Test
  void storedAlwaysStores() throws IOException {
    FileEntriesLayer zeros = LayerFiles.layer(dir, LayerFiles.zeros(dir.resolve("zeros"), 8 * MIB));
    FileEntriesLayer tiny = LayerFiles.layer(dir, LayerFiles.text(dir.resolve("labels.txt"), 10));

    assertThat(LayerCompression.STORED.stores(zeros)).isTrue();
    assertThat(LayerCompression.STORED.stores(tiny)).isTrue();
  }

  @Test
  void autoGivesTheSameVerdictEveryTime() throws IOException {
    FileEntriesLayer weights =
        LayerFiles.layer(dir, LayerFiles.random(dir.resolve("weights"), 7, 8 * MIB));
    FileEntriesLayer text =
        LayerFiles.layer(dir, LayerFiles.text(dir.resolve("vocab.txt"), 8 * MIB));

    for (int i = 0; i < 3; i++) {
      assertThat(LayerCompression.AUTO.stores(weights)).isTrue();
      assertThat(LayerCompression.AUTO.stores(text)).isFalse();
    }
  }
}
