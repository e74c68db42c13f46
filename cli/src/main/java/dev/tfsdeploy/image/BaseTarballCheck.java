package dev.tfsdeploy.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What a {@code --base tar:FILE} that Jib could not read holds instead of an image {@code docker
 * save} wrote (a tar with {@code manifest.json} at its top): asked only after a build failed, so a
 * good base is read once, by Jib. Reads the tar headers, not the layers.
 */
final class BaseTarballCheck {
  static final String MANIFEST = "manifest.json";

  /** Entries named in a message, at most. */
  private static final int NAMED = 4;

  private BaseTarballCheck() {}

  /**
   * What the file was found to be, and the fix; empty when it looks like a {@code docker save}
   * tarball.
   */
  record Finding(String found, String fix) {}

  static Optional<Finding> check(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      in.mark(4);
      byte[] magic = in.readNBytes(4);
      in.reset();
      if (magic.length == 0) {
        return Optional.of(new Finding("it is empty", BaseImage.SAVE_ADVICE));
      }
      if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
        return Optional.of(
            new Finding(
                "it is gzip-compressed", "decompress it (gunzip) or " + BaseImage.SAVE_ADVICE));
      }
      if (magic.length == 4
          && magic[0] == 'P'
          && magic[1] == 'K'
          && magic[2] == 3
          && magic[3] == 4) {
        return Optional.of(new Finding("it is a zip archive, not a tar", BaseImage.SAVE_ADVICE));
      }
      return entries(in);
    } catch (IOException e) {
      return Optional.empty(); // unreadable: the build's own error says why
    }
  }

  private static Optional<Finding> entries(InputStream in) {
    List<String> names = new ArrayList<>();
    boolean manifest = false;
    boolean ociLayout = false;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        String name = entry.getName().replaceFirst("^\\./", "");
        names.add(name);
        manifest |= name.equals(MANIFEST);
        ociLayout |= name.equals("oci-layout") || name.equals("index.json");
      }
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of(
          names.isEmpty()
              ? new Finding("it is not a tar archive", BaseImage.SAVE_ADVICE)
              : new Finding(
                  "it ends early after " + names.size() + " entries (truncated?)",
                  BaseImage.SAVE_ADVICE));
    }
    if (manifest) {
      return Optional.empty();
    }
    if (ociLayout) {
      return Optional.of(
          new Finding(
              "it is an OCI image layout without the " + MANIFEST + " of `docker save`",
              BaseImage.SAVE_ADVICE + " (or `skopeo copy oci-archive:FILE docker-archive:NEW`)"));
    }
    String found =
        names.isEmpty()
            ? "it is a tar archive with no entries"
            : "it is a tar archive without "
                + MANIFEST
                + " (it holds "
                + String.join(", ", names.subList(0, Math.min(NAMED, names.size())))
                + (names.size() > NAMED ? ", …" : "")
                + ")";
    return Optional.of(new Finding(found, BaseImage.SAVE_ADVICE));
  }
}
