package dev.tfsdeploy.image;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * A gzip stream (RFC 1952) whose deflate data is only "stored" blocks (RFC 1951 §3.2.4): valid gzip
 * that every decompressor reads, written at the speed of a copy.
 *
 * <p>Model weights barely compress (float bits look random to deflate), yet gzip at any level
 * spends about 1.5 s per 100 MiB looking for matches it does not find. Storing them costs 5 bytes
 * per 64 KiB instead. Written by hand rather than with {@code Deflater(NO_COMPRESSION)} because
 * zlib's stored output depends on its version and buffer sizes; this output depends on the input
 * alone, so the layer digest is the same on every machine.
 */
final class StoredGzipOutputStream extends FilterOutputStream {
  /** The largest stored block: its length field is 16 bits. */
  static final int MAX_BLOCK = 0xFFFF;

  /** Magic, deflate, no flags, no modification time, no extra flags, OS "unknown". */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final byte[] block = new byte[MAX_BLOCK];
  private final CRC32 crc = new CRC32();
  private int filled;
  private long size;
  private boolean closed;

  StoredGzipOutputStream(OutputStream out) throws IOException {
    super(out);
    out.write(HEADER);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    crc.update(bytes, offset, length);
    size += length;
    while (length > 0) {
      if (filled == MAX_BLOCK) {
        writeBlock(false);
      }
      int n = Math.min(length, MAX_BLOCK - filled);
      System.arraycopy(bytes, offset, block, filled, n);
      filled += n;
      offset += n;
      length -= n;
    }
  }

  /**
   * Flushes the stream below (a partial block stays until it fills or the stream closes). After
   * close there is nothing left to flush: Jib's tar writer closes the stream before its caller
   * flushes it.
   */
  @Override
  public void flush() throws IOException {
    if (!closed) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (OutputStream target = out) {
      writeBlock(true);
      writeLittleEndianInt(crc.getValue());
      writeLittleEndianInt(size);
      target.flush();
    }
  }

  /** The CRC-32 of the bytes written so far (the trailer's), which names them for a later check. */
  long crc() {
    return crc.getValue();
  }

  /** How many bytes were written so far, before compression. */
  long uncompressedSize() {
    return size;
  }

  /** One stored block: the final-block bit and type 00, then LEN and its complement NLEN. */
  private void writeBlock(boolean last) throws IOException {
    out.write(last ? 1 : 0);
    out.write(filled & 0xff);
    out.write(filled >>> 8);
    out.write(~filled & 0xff);
    out.write((~filled >>> 8) & 0xff);
    out.write(block, 0, filled);
    filled = 0;
  }

  private void writeLittleEndianInt(long value) throws IOException {
    for (int shift = 0; shift < 32; shift += 8) {
      out.write((int) (value >>> shift) & 0xff);
    }
  }
}
