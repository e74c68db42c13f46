package dev.tfsdeploy.model;

import dev.tfsdeploy.UserError;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.ArchiveException;
import org.apache.commons.compress.archivers.ArchiveStreamFactory;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
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
  private static final String FIX = "publish the model as a .tar.gz, .tgz, .tar or .zip archive";

  static ArchiveFormat detect(Path archive) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
      String compressor = detectCompressor(in);
      if (compressor != null) {
        if (compressor.equals(CompressorStreamFactory.GZIP)) {
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

  private static String detectCompressor(InputStream in) {
    try {
      return CompressorStreamFactory.detect(in);
    } catch (CompressorException notCompressed) {
      return null;
    }
  }
}
