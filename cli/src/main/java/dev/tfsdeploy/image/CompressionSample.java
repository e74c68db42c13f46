package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;

/**
 * How well a layer's files compress, judged from a few windows spread over each file and deflated
 * at the fastest level: about {@value #WINDOWS_PER_FILE} × {@value #WINDOW} bytes read per file
 * however large it is. The windows sit at fixed fractions of each file, so the same files always
 * give the same verdict (and the same layer digest).
 *
 * @param fileBytes the size of the layer's regular files together
 * @param sampledBytes the bytes read
 * @param deflatedBytes what they deflated to
 */
record CompressionSample(long fileBytes, long sampledBytes, long deflatedBytes) {
  /** Below this saving, compressing a layer costs more time than it saves bytes. */
  static final double WORTHWHILE_SAVING = 0.10;

  static final int WINDOW = 64 << 10;
  static final int WINDOWS_PER_FILE = 4;

  /** The size of the entries' regular files together; nothing is read. */
  static long fileBytes(List<FileEntry> entries) {
    long bytes = 0;
    try {
      for (FileEntry entry : entries) {
        if (Files.isRegularFile(entry.getSourceFile())) {
          bytes += Files.size(entry.getSourceFile());
        }
      }
      return bytes;
    } catch (IOException e) {
      throw new UserError(
          "cannot read the model files: " + e.getMessage(),
          "check that the model directory is readable",
          e);
    }
  }

  static CompressionSample of(List<FileEntry> entries) {
    long fileBytes = 0;
    long sampled = 0;
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    byte[] deflated = new byte[WINDOW * 2];
    long deflatedBytes = 0;
    try {
      for (FileEntry entry : entries) {
        Path source = entry.getSourceFile();
        if (!Files.isRegularFile(source)) {
          continue;
        }
        long size = Files.size(source);
        fileBytes += size;
        for (ByteBuffer window : windows(source, size)) {
          sampled += window.remaining();
          deflater.setInput(window);
          while (!deflater.needsInput()) {
            deflatedBytes += deflater.deflate(deflated, 0, deflated.length, Deflater.NO_FLUSH);
          }
        }
      }
      deflater.finish();
      while (!deflater.finished()) {
        deflatedBytes += deflater.deflate(deflated);
      }
      return new CompressionSample(fileBytes, sampled, deflatedBytes);
    } catch (IOException e) {
      throw new UserError(
          "cannot read the model files: " + e.getMessage(),
          "check that the model directory is readable",
          e);
    } finally {
      deflater.end();
    }
  }

  /** True when deflate saves at least {@link #WORTHWHILE_SAVING} of the sampled bytes. */
  boolean worthCompressing() {
    return sampledBytes > 0 && deflatedBytes <= sampledBytes * (1 - WORTHWHILE_SAVING);
  }

  /**
   * Window {@code i} starts the {@code i}th of {@code count} equal parts of the file and stays
   * inside it: windows that overlapped would repeat bytes, which deflate finds (random data would
   * look compressible). A file of at most {@value #WINDOWS_PER_FILE} windows is read whole, once.
   */
  private static List<ByteBuffer> windows(Path source, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(source)) {
      int count = (int) Math.min(WINDOWS_PER_FILE, (size + WINDOW - 1) / WINDOW);
      ByteBuffer[] windows = new ByteBuffer[count];
      for (int i = 0; i < count; i++) {
        long offset = size * i / count;
        long part = size * (i + 1) / count - offset;
        ByteBuffer window = ByteBuffer.allocate((int) Math.min(WINDOW, part));
        while (window.hasRemaining() && channel.read(window, offset + window.position()) > 0) {
          // positional reads until the window is full or the file ends
        }
        windows[i] = window.flip();
      }
      return List.of(windows);
    }
  }
}
