package dev.tfsdeploy.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/**
 * A download's temporary file as it fills: how many bytes are written, the running SHA-256 of
 * exactly those bytes, and the validator (ETag) that lets a resumed request ask for the rest of the
 * same file.
 */
final class PartialFile implements AutoCloseable {
  // Four 256 KiB buffers: few system calls per gigabyte, yet a constant 1 MiB whatever the size.
  private static final int BUFFER_SIZE = 256 * 1024;
  private static final int BUFFERS = 4;

  private final FileChannel file;
  private final BackgroundSha256 sha256;
  private long written;
  private String validator;

  /** Creates the file; it must not exist yet. */
  PartialFile(Path path) throws IOException {
    this.file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    this.sha256 = new BackgroundSha256(BUFFERS, BUFFER_SIZE);
  }

  long written() {
    return written;
  }

  String validator() {
    return validator;
  }

  void setValidator(String validator) {
    this.validator = validator;
  }

  /**
   * Appends the body until it ends. When reading the body fails, what arrived before stays written
   * and counted, so the download can resume there.
   *
   * @param size the file's declared size: a body that goes on past it is refused, not written
   * @param progress told the number of bytes written after each write
   * @throws ConnectionLost reading the body failed (the network, not the disk)
   * @throws TooLong the body went on past {@code size}
   * @throws IOException writing the file failed
   */
  void append(InputStream body, long size, LongConsumer progress) throws IOException {
    while (true) {
      byte[] buffer = sha256.borrow();
      int length;
      try {
        // One byte past the size is enough to know the body is too long.
        length =
            body.readNBytes(
                buffer, 0, (int) Math.min(buffer.length, Math.max(0, size - written) + 1));
      } catch (IOException e) {
        sha256.giveBack(buffer);
        throw new ConnectionLost("the connection dropped: " + e.getMessage());
      }
      if (length == 0) {
        sha256.giveBack(buffer);
        return;
      }
      if (written + length > size) {
        sha256.giveBack(buffer);
        throw new TooLong(size);
      }
      ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
      while (bytes.hasRemaining()) {
        file.write(bytes);
      }
      sha256.hash(buffer, length);
      written += length;
      progress.accept(written);
    }
  }

  /** Empties the file to start over from byte 0. */
  void restart() throws IOException {
    sha256.reset();
    file.truncate(0).position(0);
    written = 0;
  }

  /** The SHA-256 of everything written. */
  Sha256 sha256() {
    return sha256.finish();
  }

  @Override
  public void close() throws IOException {
    try (file) {
      sha256.close();
    }
  }

  /** The body was longer than the size the file was declared to have. */
  static final class TooLong extends IOException {
    TooLong(long size) {
      super("the body goes on past the declared " + size + " bytes");
    }
  }
}
