package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The tar of a layer, byte for byte as Jib's {@code ReproducibleLayerBuilder} writes it (a test
 * holds the two equal), so a stored layer has the diff ID Jib would give it: entries sorted by
 * path, every missing parent directory added, owner 0:0 without names, the entry's permissions, and
 * the modification time as the header's and as PAX {@code mtime}, {@code atime}, {@code ctime} and
 * {@code LIBARCHIVE.creationtime}.
 *
 * <p>Written here rather than by Jib because Jib copies each file in 8 KiB pieces and hashes it on
 * the way for nothing; for the gigabytes of a model's weights that doubles the time of a layer.
 * File contents are copied in {@value #BUFFER}-byte pieces and not hashed.
 */
final class ReproducibleTar {
  static final int BUFFER = 1 << 20;

  /** Any directory: an entry takes only its kind from it, the rest is set (as Jib does). */
  private static final Path ANY_DIRECTORY = Path.of(".");

  private ReproducibleTar() {}

  /** The SHA-256 of the tar of {@code entries}: the layer's diff ID, as Jib computes it. */
  static DescriptorDigest digest(List<FileEntry> entries) throws IOException {
    BlobDigestOutputStream tar = new BlobDigestOutputStream(OutputStream.nullOutputStream());
    write(entries, tar);
    return tar.digest();
  }

  /** Writes the tar of {@code entries} to {@code out}, and closes {@code out}. */
  static void write(List<FileEntry> entries, OutputStream out) throws IOException {
    Map<String, TarArchiveEntry> byName = new TreeMap<>(Comparator.naturalOrder());
    for (FileEntry entry : entries) {
      if (!entry.getOwnership().isEmpty()) {
        throw new IllegalArgumentException(
            "model layers are owned by root: " + entry.getExtractionPath());
      }
      TarArchiveEntry header =
          new TarArchiveEntry(entry.getSourceFile(), entry.getExtractionPath().toString());
      header.setMode((header.getMode() & ~0777) | entry.getPermissions().getPermissionBits());
      addWithParents(byName, rootOwned(header, entry.getModificationTime()));
    }
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      byte[] buffer = new byte[BUFFER];
      for (TarArchiveEntry header : byName.values()) {
        tar.putArchiveEntry(header);
        if (header.isFile()) {
          try (InputStream in = Files.newInputStream(header.getPath())) {
            for (int n; (n = in.read(buffer)) > 0; ) {
              tar.write(buffer, 0, n);
            }
          }
        }
        tar.closeArchiveEntry();
      }
    }
  }

  /** Adds {@code header} unless its path is there already, after its missing parent directories. */
  private static void addWithParents(Map<String, TarArchiveEntry> byName, TarArchiveEntry header)
      throws IOException {
    if (byName.containsKey(header.getName())) {
      return;
    }
    Path path = Path.of(header.getName());
    Path parent = path.getParent();
    if (parent != null && parent != path.getRoot()) {
      addWithParents(
          byName,
          rootOwned(
              new TarArchiveEntry(ANY_DIRECTORY, parent.toString()),
              FileEntriesLayer.DEFAULT_MODIFICATION_TIME));
    }
    byName.put(header.getName(), header);
  }

  private static TarArchiveEntry rootOwned(TarArchiveEntry header, Instant modified) {
    header.setUserId(0);
    header.setGroupId(0);
    header.setUserName("");
    header.setGroupName("");
    header.setModTime(modified.toEpochMilli());
    String seconds =
        modified.getNano() > 0
            ? modified.getEpochSecond() + "." + modified.getNano()
            : Long.toString(modified.getEpochSecond());
    for (String time : List.of("mtime", "atime", "ctime", "LIBARCHIVE.creationtime")) {
      header.addPaxHeader(time, seconds);
    }
    return header;
  }
}
