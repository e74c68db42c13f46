package dev.tfsdeploy.model;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A zip file read through its central directory, the authoritative list of entries: only there do
 * zip files record Unix file types, which is how a symbolic link shows itself.
 */
final class ZipReader implements ArchiveReader {
  private static final int TYPE_MASK = 0170000;
  private static final int REGULAR = 0100000;
  private static final int DIRECTORY = 0040000;
  private static final int CHARACTER_DEVICE = 0020000;
  private static final int BLOCK_DEVICE = 0060000;
  private static final int FIFO = 0010000;
  private static final int SOCKET = 0140000;

  private final ZipFile zip;
  private final Enumeration<ZipArchiveEntry> entries;
  private ZipArchiveEntry current;

  ZipReader(Path archive) {
    try {
      this.zip = ZipFile.builder().setPath(archive).get();
    } catch (IOException e) {
      throw ArchiveReader.corrupt(e);
    }
    this.entries = zip.getEntriesInPhysicalOrder();
  }

  @Override
  public ArchiveEntry next() {
    if (!entries.hasMoreElements()) {
      current = null;
      return null;
    }
    current = entries.nextElement();
    ArchiveEntry.Type type = typeOf(current);
    String target;
    try {
      target = type == ArchiveEntry.Type.SYMBOLIC_LINK ? zip.getUnixSymlink(current) : null;
    } catch (IOException e) {
      throw ArchiveReader.corrupt(e);
    }
    return new ArchiveEntry(current.getName(), type, target);
  }

  @Override
  public InputStream content() {
    if (!zip.canReadEntryData(current)) {
      throw new UserError(
          "zip entry '"
              + EntryPath.printable(current.getName())
              + "' is encrypted or uses an unsupported compression method",
          "re-create the zip without encryption, using the deflate or store method");
    }
    try {
      return ArchiveReader.guarded(zip.getInputStream(current));
    } catch (IOException e) {
      throw ArchiveReader.corrupt(e);
    }
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }

  private static ArchiveEntry.Type typeOf(ZipArchiveEntry entry) {
    if (entry.isUnixSymlink()) {
      return ArchiveEntry.Type.SYMBOLIC_LINK;
    }
    int fileType =
        entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & TYPE_MASK : 0;
    return switch (fileType) {
      case CHARACTER_DEVICE -> ArchiveEntry.Type.CHARACTER_DEVICE;
      case BLOCK_DEVICE -> ArchiveEntry.Type.BLOCK_DEVICE;
      case FIFO -> ArchiveEntry.Type.FIFO;
      case SOCKET -> ArchiveEntry.Type.SOCKET;
      case DIRECTORY -> ArchiveEntry.Type.DIRECTORY;
      case REGULAR, 0 -> entry.isDirectory() ? ArchiveEntry.Type.DIRECTORY : ArchiveEntry.Type.FILE;
      default -> ArchiveEntry.Type.UNKNOWN;
    };
  }
}
