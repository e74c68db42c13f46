package dev.tfsdeploy.model;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Writes real tar, tar.gz and zip files with Commons Compress's writers, including entries no
 * well-behaved tool would write (absolute names, links out of the tree, devices), exactly as given:
 * names are not normalised on the way in.
 */
public final class ArchiveBuilder {
  public enum Format {
    TAR,
    TGZ,
    ZIP
  }

  /** Writes one entry into the open archive stream. */
  private interface EntryWriter {
    void write(ArchiveOutputStream<?> out, Format format) throws IOException;
  }

  private final Format format;
  private final List<EntryWriter> entries = new ArrayList<>();

  private ArchiveBuilder(Format format) {
    this.format = format;
  }

  public static ArchiveBuilder of(Format format) {
    return new ArchiveBuilder(format);
  }

  public static ArchiveBuilder tgz() {
    return of(Format.TGZ);
  }

  public static ArchiveBuilder tar() {
    return of(Format.TAR);
  }

  public static ArchiveBuilder zip() {
    return of(Format.ZIP);
  }

  /** Adds {@code dir}'s directories and files, named {@code prefix + relative path}. */
  public ArchiveBuilder tree(String prefix, Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted().toList()) {
        String relative = dir.relativize(path).toString();
        if (relative.isEmpty()) {
          continue;
        }
        if (Files.isDirectory(path)) {
          directory(prefix + relative + "/");
        } else {
          file(prefix + relative, Files.readAllBytes(path));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public ArchiveBuilder directory(String name) {
    entries.add(
        (out, format) -> {
          if (format == Format.ZIP) {
            put(out, new ZipArchiveEntry(name.endsWith("/") ? name : name + "/"), new byte[0]);
          } else {
            put(
                out,
                new TarArchiveEntry(
                    name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true),
                new byte[0]);
          }
        });
    return this;
  }

  public ArchiveBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  public ArchiveBuilder file(String name, byte[] content) {
    entries.add(
        (out, format) -> {
          if (format == Format.ZIP) {
            put(out, new ZipArchiveEntry(name), content);
          } else {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(content.length);
            put(out, entry, content);
          }
        });
    return this;
  }

  /** A file of {@code size} zero bytes, streamed: compresses to almost nothing. */
  public ArchiveBuilder zeros(String name, long size) {
    entries.add(
        (out, format) -> {
          if (format == Format.ZIP) {
            begin(out, new ZipArchiveEntry(name));
          } else {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(size);
            begin(out, entry);
          }
          byte[] block = new byte[1 << 16];
          for (long left = size; left > 0; left -= block.length) {
            out.write(block, 0, (int) Math.min(block.length, left));
          }
          out.closeArchiveEntry();
        });
    return this;
  }

  public ArchiveBuilder symlink(String name, String target) {
    entries.add(
        (out, format) -> {
          if (format == Format.ZIP) {
            ZipArchiveEntry entry = new ZipArchiveEntry(name);
            entry.setUnixMode(0120777);
            put(out, entry, target.getBytes(StandardCharsets.UTF_8));
          } else {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
            entry.setLinkName(target);
            put(out, entry, new byte[0]);
          }
        });
    return this;
  }

  /** Tar only: zip has no hard links. */
  public ArchiveBuilder hardLink(String name, String target) {
    entries.add(
        (out, format) -> {
          TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
          entry.setLinkName(target);
          put(out, entry, new byte[0]);
        });
    return this;
  }

  /**
   * Tar only: the headers of a PAX 1.0 sparse file as GNU tar --sparse writes them (an {@code x}
   * header naming the real size, then the entry with a sparse map). Only the headers are faithful:
   * readers that get past them find the map malformed.
   */
  public ArchiveBuilder paxSparse(String name, long realSize) {
    entries.add(
        (out, format) -> {
          String records =
              paxRecord("GNU.sparse.major", "1")
                  + paxRecord("GNU.sparse.minor", "0")
                  + paxRecord("GNU.sparse.name", name)
                  + paxRecord("GNU.sparse.realsize", Long.toString(realSize));
          byte[] header = records.getBytes(StandardCharsets.UTF_8);
          TarArchiveEntry pax =
              new TarArchiveEntry(
                  "PaxHeaders/" + name, TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
          pax.setSize(header.length);
          put(out, pax, header);
          byte[] map = new byte[512];
          byte[] text = ("1\n" + realSize + "\n0\n").getBytes(StandardCharsets.US_ASCII);
          System.arraycopy(text, 0, map, 0, text.length);
          TarArchiveEntry entry = new TarArchiveEntry("GNUSparseFile.0/" + name);
          entry.setSize(map.length);
          put(out, entry, map);
        });
    return this;
  }

  /** One PAX record, "LENGTH key=value\n", its length counting its own digits. */
  private static String paxRecord(String key, String value) {
    int rest = key.length() + value.length() + 3; // space, '=', newline
    int length = rest + Integer.toString(rest).length();
    if (Integer.toString(length).length() != Integer.toString(rest).length()) {
      length++;
    }
    return length + " " + key + "=" + value + "\n";
  }

  /** A tar entry of a special type (LF_CHR, LF_BLK, LF_FIFO) or a zip entry with that Unix type. */
  public ArchiveBuilder special(String name, byte tarType, int unixType) {
    entries.add(
        (out, format) -> {
          if (format == Format.ZIP) {
            ZipArchiveEntry entry = new ZipArchiveEntry(name);
            entry.setUnixMode(unixType | 0644);
            put(out, entry, new byte[0]);
          } else {
            put(out, new TarArchiveEntry(name, tarType, true), new byte[0]);
          }
        });
    return this;
  }

  public Path writeTo(Path file) {
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream raw = Files.newOutputStream(file);
          ArchiveOutputStream<?> out = open(raw)) {
        for (EntryWriter entry : entries) {
          entry.write(out, format);
        }
        out.finish();
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ArchiveOutputStream<?> open(OutputStream raw) throws IOException {
    return switch (format) {
      case ZIP -> new ZipArchiveOutputStream(raw);
      case TAR -> tarStream(raw);
      case TGZ -> tarStream(new GzipCompressorOutputStream(raw));
    };
  }

  private static TarArchiveOutputStream tarStream(OutputStream out) {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    return tar;
  }

  private static void put(ArchiveOutputStream<?> out, Object entry, byte[] content)
      throws IOException {
    begin(out, entry);
    out.write(content);
    out.closeArchiveEntry();
  }

  @SuppressWarnings("unchecked")
  private static void begin(ArchiveOutputStream<?> out, Object entry) throws IOException {
    if (entry instanceof ZipArchiveEntry zipEntry) {
      ((ArchiveOutputStream<ZipArchiveEntry>) out).putArchiveEntry(zipEntry);
    } else {
      ((ArchiveOutputStream<TarArchiveEntry>) out).putArchiveEntry((TarArchiveEntry) entry);
    }
  }
}
