package dev.tfsdeploy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveFormatTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "xz, fd377a585a00",
    "zstd, 28b52ffd",
    "lz4, 04224d18",
    "compress (.Z), 1f9d",
    "snappy, ff060000734e61507059"
  })
  void namesTheCompressorItDoesNotRead(String compressor, String magic) throws IOException {
    Path archive = dir.resolve("model.bin");
    Files.write(archive, bytes(magic + "0000000000000000"));

    assertThatThrownBy(() -> ArchiveFormat.detect(archive))
        .isInstanceOf(UserError.class)
        .hasMessage(
            archive + " is compressed with " + compressor + ", which tfs-deploy does not read");
  }

  @Test
  void aGzipStreamIsATarGzByItsContentWhateverItsName() throws IOException {
    Path archive = dir.resolve("model.bin");
    Files.write(archive, bytes("1f8b0800000000000000"));

    assertThat(ArchiveFormat.detect(archive)).isEqualTo(ArchiveFormat.TAR_GZ);
  }

  @Test
  void aFileShorterThanAnyMagicIsNotAnArchive() throws IOException {
    Path archive = dir.resolve("model.tar.gz");
    Files.write(archive, bytes("1f"));

    assertThatThrownBy(() -> ArchiveFormat.detect(archive))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("is not a tar, tar.gz or zip archive");
  }

  private static byte[] bytes(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }
}
