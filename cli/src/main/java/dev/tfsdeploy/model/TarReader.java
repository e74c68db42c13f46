package dev.tfsdeploy.model;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.io.input.CloseShieldInputStream;

/** A tar stream (already decompressed): entries come one after another, read once. */
final class TarReader implements ArchiveReader {
  private static final Pattern OVERSIZED_INT =
      Pattern.compile("^Unable to parse int from string value: (\\d+)$");

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
      throw oversizedSparse(e).orElseGet(() -> ArchiveReader.corrupt(e));
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

  /**
   * Links and special files first: Commons Compress calls anything without a trailing slash a file.
   */
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
    if (flag == TarConstants.LF_NORMAL
        || flag == TarConstants.LF_OLDNORM
        || flag == TarConstants.LF_CONTIG) {
      return ArchiveEntry.Type.FILE;
    }
    return ArchiveEntry.Type.UNKNOWN;
  }

  /**
   * Commons Compress reads a PAX sparse header's sizes as ints: a sparse file past 2 GiB fails
   * there, before it is an entry that could be refused as sparse. (The only other ints in a PAX
   * header are device numbers, which no real device has this large.)
   */
  private static Optional<UserError> oversizedSparse(IOException e) {
    Matcher number = OVERSIZED_INT.matcher(String.valueOf(e.getMessage()));
    if (!number.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new UserError(
            "an archive entry is a sparse file of "
                + number.group(1)
                + " bytes; model archives may hold only files, directories and hard links between"
                + " their files",
            "re-create the archive without --sparse (-S)",
            e));
  }

  private static String linkTargetOf(TarArchiveEntry entry) {
    return entry.isSymbolicLink() || entry.isLink() ? entry.getLinkName() : null;
  }
}
