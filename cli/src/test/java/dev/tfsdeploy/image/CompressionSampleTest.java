package dev.tfsdeploy.image;

import static dev.tfsdeploy.image.CompressionSample.WINDOW;
import static dev.tfsdeploy.image.CompressionSample.WINDOWS_PER_FILE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Judging a layer's compressibility from a few fixed windows of each file. */
class CompressionSampleTest {
  static final long MIB = 1 << 20;

  @TempDir Path dir;

  @Test
  void randomBytesAreNotWorthCompressing() throws IOException {
    Path weights = LayerFiles.random(dir.resolve("weights"), 1, 8 * MIB);

    CompressionSample sample = sample(weights);

    assertThat(sample.worthCompressing()).isFalse();
    assertThat(sample.deflatedBytes()).isGreaterThan((long) (sample.sampledBytes() * 0.95));
  }

  @Test
  void zerosAreWorthCompressing() throws IOException {
    CompressionSample sample = sample(LayerFiles.zeros(dir.resolve("zeros"), 8 * MIB));

    assertThat(sample.worthCompressing()).isTrue();
    assertThat(sample.deflatedBytes()).isLessThan(sample.sampledBytes() / 100);
  }

  @Test
  void repetitiveTextIsWorthCompressing() throws IOException {
    assertThat(sample(LayerFiles.text(dir.resolve("vocab.txt"), 8 * MIB)).worthCompressing())
        .isTrue();
  }

  @Test
  void aLargeFileIsReadOnlyInItsWindows() throws IOException {
    Path large = dir.resolve("sparse");
    try (RandomAccessFile file = new RandomAccessFile(large.toFile(), "rw")) {
      file.setLength(1L << 30); // sparse: 1 GiB on record, nothing on disk
    }

    CompressionSample sample = sample(large);

    assertThat(sample.fileBytes()).isEqualTo(1L << 30);
    assertThat(sample.sampledBytes()).isEqualTo((long) WINDOWS_PER_FILE * WINDOW);
  }

  @Test
  void eachFileContributesAtMostItsWindows() throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      files.add(LayerFiles.random(dir.resolve("shard-" + i), i, 5 * MIB + i));
    }

    CompressionSample sample =
        CompressionSample.of(LayerFiles.layer(dir, files.toArray(Path[]::new)).getEntries());

    assertThat(sample.fileBytes()).isEqualTo(3 * 5 * MIB + 3);
    assertThat(sample.sampledBytes()).isEqualTo(3L * WINDOWS_PER_FILE * WINDOW);
  }

  @Test
  void aFileSmallerThanTheWindowsIsReadWholeAndOnce() throws IOException {
    for (long size :
        new long[] {1, WINDOW - 1, WINDOW + 1, 2L * WINDOW + 7, WINDOWS_PER_FILE * WINDOW - 1}) {
      Path file = LayerFiles.random(dir.resolve("small-" + size), size, size);

      assertThat(sample(file).sampledBytes()).as("%d bytes", size).isEqualTo(size);
    }
  }

  /**
   * Windows of a file between one and {@value CompressionSample#WINDOWS_PER_FILE} windows long must
   * not overlap: deflate finds the repeated bytes and calls random data compressible.
   */
  @Test
  void randomFilesOfAFewWindowsAreNotWorthCompressing() throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      files.add(LayerFiles.random(dir.resolve("part-" + i), i, WINDOW + 1 + 1_000L * i));
    }

    CompressionSample sample =
        CompressionSample.of(LayerFiles.layer(dir, files.toArray(Path[]::new)).getEntries());

    assertThat(sample.worthCompressing()).isFalse();
    assertThat(sample.sampledBytes()).isEqualTo(sample.fileBytes());
  }

  @Test
  void directoriesAndEmptyFilesAddNothing() throws IOException {
    Files.createDirectories(dir.resolve("assets"));
    Path empty = Files.createFile(dir.resolve("assets/empty"));

    CompressionSample sample =
        CompressionSample.of(LayerFiles.layer(dir, dir.resolve("assets"), empty).getEntries());

    assertThat(sample.fileBytes()).isZero();
    assertThat(sample.sampledBytes()).isZero();
    assertThat(sample.worthCompressing()).isFalse();
  }

  @Test
  void theSameFilesGiveTheSameSample() throws IOException {
    Path weights = LayerFiles.random(dir.resolve("weights"), 2, 6 * MIB + 3);
    Path vocab = LayerFiles.text(dir.resolve("vocab.txt"), 300_000);

    CompressionSample first =
        CompressionSample.of(LayerFiles.layer(dir, weights, vocab).getEntries());

    assertThat(CompressionSample.of(LayerFiles.layer(dir, weights, vocab).getEntries()))
        .isEqualTo(first);
  }

  private CompressionSample sample(Path file) {
    return CompressionSample.of(LayerFiles.layer(dir, file).getEntries());
  }
}
