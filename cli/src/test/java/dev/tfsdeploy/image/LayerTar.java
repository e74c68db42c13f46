package dev.tfsdeploy.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The entries of a pushed layer blob (gzipped tar), as a registry client unpacking it sees them;
 * files up to {@value #KEPT_CONTENT} bytes keep their content.
 */
public record LayerTar(List<Entry> entries) {
  static final int KEPT_CONTENT = 1 << 20;

  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
  public record Entry(
      String name,
      boolean directory,
      int mode,
      long mtimeSeconds,
      long uid,
      long gid,
      long size,
      byte[] content) {}

  public static LayerTar read(byte[] gzippedTar) {
    List<Entry> entries = new ArrayList<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(gzippedTar)))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        entries.add(
            new Entry(
                entry.getName(),
                entry.isDirectory(),
                entry.getMode() & 07777,
                entry.getLastModifiedTime().toInstant().getEpochSecond(),
                entry.getLongUserId(),
                entry.getLongGroupId(),
                entry.getSize(),
                entry.getSize() <= KEPT_CONTENT ? tar.readAllBytes() : null));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LayerTar(entries);
  }

  public List<String> names() {
    return entries.stream().map(Entry::name).toList();
  }
}
