package dev.tfsdeploy.storage;

import java.util.Base64;

/**
 * CRC-32C (Castagnoli) values as Cloud Storage publishes them, and the combination of the CRCs of
 * two adjacent byte ranges into the CRC of both, so ranges read in parallel need no second pass.
 */
final class Crc32c {
  // The reflected Castagnoli polynomial, as java.util.zip.CRC32C computes with it.
  private static final long POLYNOMIAL = 0x82F63B78L;

  private Crc32c() {}

  /** Cloud Storage's {@code crc32c} field: the big-endian value, base64-encoded. */
  static long parse(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    if (bytes.length != 4) {
      throw new IllegalArgumentException("a CRC-32C has 4 bytes, not " + bytes.length);
    }
    long value = 0;
    for (byte b : bytes) {
      value = (value << 8) | (b & 0xFF);
    }
    return value;
  }

  static String format(long value) {
    byte[] bytes = {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * The CRC of A followed by B, from the CRC of A, the CRC of B and B's length (zlib's
   * crc32_combine: shifting A's CRC by B's length is a matrix power over GF(2)).
   */
  static long combine(long crcA, long crcB, long lengthB) {
    if (lengthB <= 0) {
      return crcA;
    }
    long[] odd = new long[32];
    long[] even = new long[32];
    odd[0] = POLYNOMIAL; // the operator for one zero bit
    long row = 1;
    for (int n = 1; n < 32; n++) {
      odd[n] = row;
      row <<= 1;
    }
    square(even, odd); // two zero bits
    square(odd, even); // four zero bits
    long crc = crcA;
    long length = lengthB;
    do {
      square(even, odd); // first pass: one zero byte
      if ((length & 1) != 0) {
        crc = times(even, crc);
      }
      length >>= 1;
      if (length == 0) {
        break;
      }
      square(odd, even);
      if ((length & 1) != 0) {
        crc = times(odd, crc);
      }
      length >>= 1;
    } while (length != 0);
    return crc ^ crcB;
  }

  private static long times(long[] matrix, long vector) {
    long sum = 0;
    for (int i = 0; vector != 0; i++, vector >>>= 1) {
      if ((vector & 1) != 0) {
        sum ^= matrix[i];
      }
    }
    return sum;
  }

  private static void square(long[] result, long[] matrix) {
    for (int n = 0; n < 32; n++) {
      result[n] = times(matrix, matrix[n]);
    }
  }
}
