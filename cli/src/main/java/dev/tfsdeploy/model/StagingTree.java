package dev.tfsdeploy.model;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.text.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The directory an archive unpacks into, entry by entry, under the archive's limits.
 *
 * <p>Policy: regular files and directories are written; a hard link is re-created only when it
 * points at a regular file this archive already wrote here (so it cannot reach anything else);
 * symbolic links, devices, FIFOs and sockets are refused, as is any path seen twice. Nothing but
 * files and directories this tree created exists under it, so no write can pass through a link.
 * File modes, owners and times from the archive are not applied.
 */
final class StagingTree {
  private static final int BUFFER = 1 << 16;
  private static final String UNSAFE_FIX = "re-create the archive from the model directory";

  private final Path root;
  private final ArchiveLimits limits;
  private final ExtractListener listener;
  private final Set<EntryPath> written = new HashSet<>();

  /** Each regular file written so far, with its size. */
  private final Map<EntryPath, Long> files = new HashMap<>();

  private final byte[] buffer = new byte[BUFFER];
  private long entries;
  private long bytes;

  StagingTree(Path root, ArchiveLimits limits, ExtractListener listener) {
    this.root = root;
    this.limits = limits;
    this.listener = listener;
  }

  long entries() {
    return entries;
  }

  long bytes() {
    return bytes;
  }

  /** Counts an entry against --max-entries; called for every entry, even skipped ones. */
  void countEntry() {
    entries++;
    if (entries > limits.maxEntries()) {
      throw new UserError(
          "the archive has more than " + limits.maxEntries() + " entries",
          "raise --max-entries if this many files is expected");
    }
  }

  void directory(EntryPath path) throws IOException {
    claim(path);
    Path target = path.resolveIn(root);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return; // created earlier as the parent of a file
    }
    createParents(path, target);
    Files.createDirectory(target);
  }

  void file(EntryPath path, InputStream content) throws IOException {
    claim(path);
    Path target = path.resolveIn(root);
    createParents(path, target);
    long before = bytes;
    try (OutputStream out =
        Files.newOutputStream(
            target,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      copyWithinLimit(content, out);
    } catch (FileAlreadyExistsException e) {
      throw duplicate(path);
    }
    files.put(path, bytes - before);
  }

  /**
   * A hard link costs nothing on disk here, but the image layer (and any copy) holds it as a whole
   * file: it counts against --max-bytes as the size of the file it links to.
   */
  void hardLink(EntryPath path, EntryPath target) throws IOException {
    Long size = files.get(target);
    if (size == null) {
      throw new UserError(
          "archive entry '"
              + path
              + "' is a hard link to '"
              + target
              + "', which is not a file extracted before it",
          UNSAFE_FIX);
    }
    claim(path);
    Path link = path.resolveIn(root);
    createParents(path, link);
    count(size);
    Files.createLink(link, target.resolveIn(root));
    files.put(path, size);
  }

  private void claim(EntryPath path) {
    if (!written.add(path)) {
      throw duplicate(path);
    }
  }

  private static UserError duplicate(EntryPath path) {
    return new UserError(
        "the archive holds '" + path + "' more than once",
        "re-create the archive with each file once");
  }

  private void createParents(EntryPath path, Path target) throws IOException {
    Path parent = target.getParent();
    if (Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.createDirectories(parent);
    } catch (FileSystemException e) {
      // A component exists and is not a directory: an earlier entry made it a file.
      throw new UserError(
          "archive entry '" + path + "' lies below a path the archive made a file", UNSAFE_FIX);
    }
  }

  private void copyWithinLimit(InputStream in, OutputStream out) throws IOException {
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      count(n);
      out.write(buffer, 0, n);
      listener.bytesWritten(bytes);
    }
  }

  private void count(long more) {
    bytes += more;
    if (bytes > limits.maxBytes()) {
      throw new UserError(
          "the archive unpacks to more than "
              + Bytes.format(limits.maxBytes())
              + " (hard links count as copies)",
          "raise --max-bytes if the model really is this large");
    }
  }
}
