package dev.tfsdeploy.model;

import dev.tfsdeploy.UserError;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.compress.archivers.ArchiveException;
import org.apache.commons.compress.archivers.ArchiveStreamFactory;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The archive formats a model release may come in, recognised by their content (so a {@code .tgz}
 * named {@code model.bin} still works and a renamed zip is not mistaken for a tarball).
 */
enum ArchiveFormat {
  TAR_GZ,
  TAR,
  ZIP;

  private static final int BUFFER = 1 << 20;
  private static final String GZIP = "gzip";

  /**
   * The compressors a model archive may be wrapped in, by the magic bytes their streams start with.
   * Not commons-compress's CompressorStreamFactory.detect: that class's bytecode names the xz,
   * zstd, lzma and brotli streams, which cannot be linked ahead of time without their optional
   * libraries, so every start of the CLI (whose AOT cache holds the class) loaded them from the
   * jar.
   */
  private static final Map<String, byte[]> COMPRESSORS =
      Map.of(
          GZIP,
          bytes(0x1f, 0x8b),
          "bzip2",
          bytes('B', 'Z', 'h'),
          "xz",
          bytes(0xfd, '7', 'z', 'X', 'Z', 0x00),
          "zstd",
          bytes(0x28, 0xb5, 0x2f, 0xfd),
          "lz4",
          bytes(0x04, 0x22, 0x4d, 0x18),
          "compress (.Z)",
          bytes(0x1f, 0x9d),
          "snappy",
          bytes(0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'));

  private static final int LONGEST_MAGIC = 10;
  private static final String FIX = "publish the model as a .tar.gz, .tgz, .tar or .zip archive";

  static ArchiveFormat detect(Path archive) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
      String compressor = detectCompressor(in);
      if (compressor != null) {
        if (compressor.equals(GZIP)) {
          return TAR_GZ;
        }
        throw new UserError(
            archive + " is compressed with " + compressor + ", which tfs-deploy does not read",
            FIX);
      }
      String format = ArchiveStreamFactory.detect(in);
      return switch (format) {
        case ArchiveStreamFactory.TAR -> TAR;
        case ArchiveStreamFactory.ZIP -> ZIP;
        default ->
            throw new UserError(
                archive + " is a " + format + " archive, which tfs-deploy does not read", FIX);
      };
    } catch (ArchiveException notAnArchive) {
      throw new UserError(archive + " is not a tar, tar.gz or zip archive", FIX);
    } catch (IOException e) {
      throw new UserError(
          "cannot read " + archive + ": " + e.getMessage(),
          "check the path and its permissions",
          e);
    }
  }

  /** Opens the archive for one pass over its entries. */
  ArchiveReader open(Path archive) {
    try {
      return openChecked(archive);
    } catch (IOException e) {
      throw ArchiveReader.corrupt(e);
    }
  }

  private ArchiveReader openChecked(Path archive) throws IOException {
    return switch (this) {
      case ZIP -> new ZipReader(archive);
      case TAR -> new TarReader(new BufferedInputStream(Files.newInputStream(archive), BUFFER));
      case TAR_GZ ->
          new TarReader(
              GzipCompressorInputStream.builder()
                  .setInputStream(new BufferedInputStream(Files.newInputStream(archive), BUFFER))
                  .setDecompressConcatenated(true)
                  .get());
    };
  }

  /** The compressor whose magic bytes the stream starts with, or null; the stream is reset. */
  private static String detectCompressor(InputStream in) throws IOException {
    in.mark(LONGEST_MAGIC);
    byte[] start = in.readNBytes(LONGEST_MAGIC);
    in.reset();
    for (Map.Entry<String, byte[]> compressor : COMPRESSORS.entrySet()) {
      byte[] magic = compressor.getValue();
      if (start.length >= magic.length
          && Arrays.equals(start, 0, magic.length, magic, 0, magic.length)) {
        return compressor.getKey();
      }
    }
    return null;
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }
}
