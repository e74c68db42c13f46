package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stored-block gzip: valid for every reader, and its bytes depend on the input alone. */
class StoredGzipOutputStreamTest {
  static final int HEADER = 10;
  static final int TRAILER = 8;
  static final int BLOCK_HEADER = 5;

  @TempDir Path temp;

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(
      ints = {0, 1, StoredGzipOutputStream.MAX_BLOCK, StoredGzipOutputStream.MAX_BLOCK + 1})
  void gzipInputStreamReadsBackWhatWasWritten(int size) throws IOException {
    byte[] input = random(size, size);

    assertThat(gunzip(storedGzip(input, size + 1))).isEqualTo(input);
  }

  @Test
  void severalMebibytesWrittenInOddSizedPiecesReadBackWhole() throws IOException {
    byte[] input = random(3 * (1 << 20) + 12_345, 7);

    assertThat(gunzip(storedGzip(input, 4_099))).isEqualTo(input);
  }

  @Test
  void singleByteWritesReadBack() throws IOException {
    byte[] input = random(70_000, 8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StoredGzipOutputStream gzip = new StoredGzipOutputStream(out)) {
      for (byte b : input) {
        gzip.write(b);
      }
    }

    assertThat(gunzip(out.toByteArray())).isEqualTo(input);
  }

  @Test
  void theGzipToolAcceptsTheOutputAndDecompressesItToTheInput() throws Exception {
    byte[] input = random(2 * (1 << 20) + 777, 9);
    Path compressed = temp.resolve("layer.tar.gz");
    Files.write(compressed, storedGzip(input, 100_003));

    assertThat(run("/usr/bin/gzip", "-t", compressed.toString())).isEmpty();
    assertThat(run("/usr/bin/gzip", "-dc", compressed.toString())).isEqualTo(input);
  }

  @Test
  void theGzipToolAcceptsAnEmptyStream() throws Exception {
    Path compressed = temp.resolve("empty.gz");
    Files.write(compressed, storedGzip(new byte[0], 1));

    assertThat(run("/usr/bin/gzip", "-dc", compressed.toString())).isEmpty();
  }

  @Test
  void theSameInputGivesTheSameBytesHoweverTheWritesAreSplit() throws IOException {
    byte[] input = random(300_000, 10);

    byte[] whole = storedGzip(input, input.length);
    assertThat(storedGzip(input, 1_000)).isEqualTo(whole);
    assertThat(storedGzip(input, StoredGzipOutputStream.MAX_BLOCK)).isEqualTo(whole);
    assertThat(storedGzip(input, 131_071)).isEqualTo(whole);
  }

  @Test
  void writtenBytesAreTheSameOnEveryRun() throws IOException {
    assertThat(storedGzip(random(100_000, 11), 3_000))
        .isEqualTo(storedGzip(random(100_000, 11), 3_000));
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 65_535, 65_536, 131_070, 131_071, 1_000_000})
  void overheadIsHeaderTrailerAndFiveBytesPerBlock(int size) throws IOException {
    int blocks =
        Math.max(
            1, (size + StoredGzipOutputStream.MAX_BLOCK - 1) / StoredGzipOutputStream.MAX_BLOCK);

    byte[] compressed = storedGzip(random(size, 12), 8_192);

    assertThat(compressed).hasSize(size + HEADER + TRAILER + BLOCK_HEADER * blocks);
  }

  @Test
  void flushAfterCloseDoesNotThrow() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StoredGzipOutputStream gzip = new StoredGzipOutputStream(out);
    gzip.write(random(10, 13));
    gzip.close();

    assertThatCode(gzip::flush).doesNotThrowAnyException();
    assertThatCode(gzip::close).doesNotThrowAnyException();
    assertThat(gunzip(out.toByteArray())).hasSize(10);
  }

  @Test
  void closeClosesTheStreamBelow() throws IOException {
    boolean[] closed = {false};
    OutputStream below =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    new StoredGzipOutputStream(below).close();

    assertThat(closed[0]).isTrue();
  }

  static byte[] storedGzip(byte[] input, int piece) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StoredGzipOutputStream gzip = new StoredGzipOutputStream(out)) {
      for (int offset = 0; offset < input.length; offset += piece) {
        gzip.write(input, offset, Math.min(piece, input.length - offset));
      }
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] compressed) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    }
  }

  static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Runs {@code command}; its stdout, after checking it exited 0 with nothing on stderr. */
  private byte[] run(String... command) throws Exception {
    Path stderr = temp.resolve("stderr");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    process.getOutputStream().close();
    byte[] stdout = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(stderr)).isEmpty();
    assertThat(process.exitValue()).isZero();
    return stdout;
  }
}
