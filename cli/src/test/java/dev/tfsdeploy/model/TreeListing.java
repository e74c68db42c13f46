package dev.tfsdeploy.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every path under a directory with what it is (and a file's size), so any write anywhere shows.
 */
public final class TreeListing {
  private TreeListing() {}

  /** The sorted listing of {@code dir}, leaving out entries named in {@code skipped}. */
  public static List<String> of(Path dir, String... skipped) throws IOException {
    Set<String> skip = Set.of(skipped);
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .filter(p -> p.getFileName() == null || !skip.contains(p.getFileName().toString()))
          .map(p -> dir.relativize(p) + describe(p))
          .sorted()
          .toList();
    }
  }

  private static String describe(Path path) {
    try {
      if (Files.isSymbolicLink(path)) {
        return " -> " + Files.readSymbolicLink(path);
      }
      return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? " " + Files.size(path) : "/";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
