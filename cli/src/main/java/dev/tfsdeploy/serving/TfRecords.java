package dev.tfsdeploy.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, as TensorFlow's record_writer.cc writes it and record_reader.cc reads it. Each
 * record is its length (uint64, little-endian), the masked CRC-32C of those 8 bytes, the data, and
 * the masked CRC-32C of the data; both CRCs are 32-bit little-endian. Masking (crc rotated right by
 * 15 bits, plus 0xa282ead8) keeps a CRC of data that holds CRCs from being trivially zero.
 */
public final class TfRecords {
  private static final int HEADER = Long.BYTES + Integer.BYTES;
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecords() {}

  /** Writes one record around {@code data}. */
  public static void write(OutputStream out, byte[] data) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(data.length);
    header.putInt(maskedCrc(header.array(), 0, Long.BYTES));
    out.write(header.array());
    out.write(data);
    out.write(
        ByteBuffer.allocate(Integer.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(maskedCrc(data, 0, data.length))
            .array());
  }

  /** The masked CRC-32C of {@code bytes[offset, offset+length)}. */
  static int maskedCrc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + MASK_DELTA;
  }

  /** What is wrong with one record of a file; the reader's caller names the file. */
  public static final class CorruptRecord extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptRecord(String message) {
      super(message);
    }
  }

  /**
   * Reads records one after the other from a stream of {@code size} bytes, checking both CRCs; a
   * length past the end is reported as truncation before anything of that size is allocated.
   */
  public static final class Reader {
    private final InputStream in;
    private long remaining;

    public Reader(InputStream in, long size) {
      this.in = in;
      this.remaining = size;
    }

    /** The next record's data; null at the end of the stream. */
    public byte[] next() throws IOException, CorruptRecord {
      if (remaining == 0) {
        return null;
      }
      byte[] header = read(HEADER, "its header");
      ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
      long length = fields.getLong();
      if (fields.getInt() != maskedCrc(header, 0, Long.BYTES)) {
        throw new CorruptRecord("its length CRC does not match (the length field is damaged)");
      }
      if (length < 0 || length > remaining - Integer.BYTES) {
        throw new CorruptRecord(
            "it is truncated: its header announces "
                + Long.toUnsignedString(length)
                + " bytes of data and a CRC, but only "
                + remaining
                + " bytes remain");
      }
      byte[] data = read((int) length, "its data");
      byte[] footer = read(Integer.BYTES, "its data CRC");
      if (ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt()
          != maskedCrc(data, 0, data.length)) {
        throw new CorruptRecord("its data CRC does not match (the record's bytes are damaged)");
      }
      return data;
    }

    private byte[] read(int length, String what) throws IOException, CorruptRecord {
      if (length > remaining) {
        throw new CorruptRecord(
            "it is truncated: " + what + " needs " + length + " bytes, " + remaining + " remain");
      }
      byte[] bytes = new byte[length];
      if (in.readNBytes(bytes, 0, length) < length) {
        throw new CorruptRecord("it is truncated: the file ended inside " + what);
      }
      remaining -= length;
      return bytes;
    }
  }
}
