package dev.tfsdeploy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class Crc32cTest {
  private static long crc(byte[] bytes, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, to - from);
    return crc.getValue();
  }

  @Test
  void combiningTheCrcsOfAdjacentRangesGivesTheCrcOfTheWhole() {
    byte[] bytes = new byte[1 << 20];
    new Random(7).nextBytes(bytes);
    for (int cut : new int[] {0, 1, 3, 4096, 65_537, 1 << 19, bytes.length - 1, bytes.length}) {
      long combined =
          Crc32c.combine(crc(bytes, 0, cut), crc(bytes, cut, bytes.length), bytes.length - cut);

      assertThat(combined).as("cut at %d", cut).isEqualTo(crc(bytes, 0, bytes.length));
    }
  }

  @Test
  void manyRangesFoldInOrderFromTheEmptyCrc() {
    byte[] bytes = new byte[300_001];
    new Random(11).nextBytes(bytes);
    long folded = 0;
    for (int start = 0; start < bytes.length; start += 65_536) {
      int end = Math.min(bytes.length, start + 65_536);
      folded = Crc32c.combine(folded, crc(bytes, start, end), end - start);
    }

    assertThat(folded).isEqualTo(crc(bytes, 0, bytes.length));
  }

  @Test
  void theBase64FormIsCloudStoragesBigEndianEncoding() {
    // CRC-32C("123456789") is 0xE3069283 (RFC 3720's check value); gsutil prints it as 4waSgw==.
    long check = crc("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9);

    assertThat(check).isEqualTo(0xE3069283L);
    assertThat(Crc32c.format(check)).isEqualTo("4waSgw==");
    assertThat(Crc32c.parse("4waSgw==")).isEqualTo(check);
  }
}
