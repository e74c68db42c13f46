package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of known compressibility, and layers over them built as {@link ModelLayers} builds them.
 */
final class LayerFiles {
  private LayerFiles() {}

  /** {@code size} zero bytes. */
  static Path zeros(Path file, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= buffer.length) {
        out.write(buffer, 0, (int) Math.min(buffer.length, left));
      }
    }
    return file;
  }

  /** {@code size} bytes of numbered lines of text, as a vocabulary or label file holds. */
  static Path text(Path file, long size) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      long written = 0;
      for (int line = 0; written < size; line++) {
        byte[] bytes =
            ("label_" + line + "\tcategory " + (line % 97) + "\n").getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(bytes.length, size - written);
        out.write(bytes, 0, n);
        written += n;
      }
    }
    return file;
  }

  /** Seeded random bytes: what deflate cannot shrink (model weights, in practice). */
  static Path random(Path file, long seed, long size) throws IOException {
    ModelFixtures.random(file, seed, size);
    return file;
  }

  /** A layer of {@code files} under {@code /models/m/1/}, with its directory entry first. */
  static FileEntriesLayer layer(Path directory, Path... files) {
    AbsoluteUnixPath version = AbsoluteUnixPath.get("/models/m/1");
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("m/1");
    layer.addEntry(
        new FileEntry(
            directory, version, FilePermissions.DEFAULT_FOLDER_PERMISSIONS, ModelLayers.TIMESTAMP));
    for (Path file : files) {
      layer.addEntry(
          new FileEntry(
              file,
              version.resolve(directory.relativize(file).toString()),
              FilePermissions.DEFAULT_FILE_PERMISSIONS,
              ModelLayers.TIMESTAMP));
    }
    return layer.build();
  }
}
