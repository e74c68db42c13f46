package dev.tfsdeploy.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.io.input.CloseShieldInputStream;

/** A tar stream (already decompressed): entries come one after another, read once. */
final class TarReader implements ArchiveReader {
  private final TarArchiveInputStream tar;

  TarReader(InputStream uncompressed) {
    this.tar = new TarArchiveInputStream(uncompressed, StandardCharsets.UTF_8.name());
  }

  @Override
  public ArchiveEntry next() {
    TarArchiveEntry entry;
    try {
      entry = tar.getNextEntry();
    } catch (IOException e) {
      throw ArchiveReader.corrupt(e);
    }
    if (entry == null) {
      return null;
    }
    return new ArchiveEntry(entry.getName(), typeOf(entry), linkTargetOf(entry));
  }

  @Override
  public InputStream content() {
    // The tar stream itself holds the current entry's bytes; closing them must not close the tar.
    return ArchiveReader.guarded(CloseShieldInputStream.wrap(tar));
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }

  /** Links and special files first: Commons Compress calls anything without a trailing slash a file. */
  private static ArchiveEntry.Type typeOf(TarArchiveEntry entry) {
    if (entry.isSymbolicLink()) {
      return ArchiveEntry.Type.SYMBOLIC_LINK;
    }
    if (entry.isLink()) {
      return ArchiveEntry.Type.HARD_LINK;
    }
    if (entry.isCharacterDevice()) {
      return ArchiveEntry.Type.CHARACTER_DEVICE;
    }
    if (entry.isBlockDevice()) {
      return ArchiveEntry.Type.BLOCK_DEVICE;
    }
    if (entry.isFIFO()) {
      return ArchiveEntry.Type.FIFO;
    }
    if (entry.isSparse()) {
      return ArchiveEntry.Type.SPARSE_FILE;
    }
    if (entry.isDirectory()) {
      return ArchiveEntry.Type.DIRECTORY;
    }
    byte flag = entry.getLinkFlag();
    if (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG) {
      return ArchiveEntry.Type.FILE;
    }
    return ArchiveEntry.Type.UNKNOWN;
  }

  private static String linkTargetOf(TarArchiveEntry entry) {
    return entry.isSymbolicLink() || entry.isLink() ? entry.getLinkName() : null;
  }
}
