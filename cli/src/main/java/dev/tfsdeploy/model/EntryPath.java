package dev.tfsdeploy.model;

import dev.tfsdeploy.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An archive entry's name, checked before anything touches the disk: never absolute, never {@code
 * ..}, so that resolving it under the output cannot leave the output.
 */
final class EntryPath {
  private static final String FIX =
      "the archive is unsafe to unpack; re-create it from the model directory";

  /**
   * The name's components as the archive spells them (a leading "." included, as GNU tar counts
   * it).
   */
  private final List<String> segments;

  private EntryPath(List<String> segments) {
    this.segments = List.copyOf(segments);
  }

  /**
   * Parses an entry name. Backslashes count as separators (zip files made on Windows use them), so
   * {@code ..\x} is refused like {@code ../x}.
   */
  static EntryPath parse(String rawName) {
    return parse(rawName, "archive entry '" + printable(rawName) + "'");
  }

  /** Parses a hard link's target, an archive path like any entry name. */
  static EntryPath parseLinkTarget(String rawTarget, EntryPath link) {
    return parse(rawTarget, "hard link '" + link + "' -> '" + printable(rawTarget) + "'");
  }

  private static EntryPath parse(String rawName, String subject) {
    if (rawName.indexOf('\0') >= 0) {
      throw new UserError(subject + " contains a NUL character", FIX);
    }
    String name = rawName.replace('\\', '/');
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      throw new UserError(subject + " is an absolute path", FIX);
    }
    List<String> segments = new ArrayList<>();
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        throw new UserError(subject + " contains '..' and could escape the output directory", FIX);
      }
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return new EntryPath(segments);
  }

  /**
   * Drops the first {@code count} components (like {@code tar --strip-components}), then the "."
   * components; null when nothing is left (the entry lies above the stripped level, or is the
   * archive's root itself).
   */
  EntryPath strip(int count) {
    if (segments.size() <= count) {
      return null;
    }
    List<String> kept =
        segments.subList(count, segments.size()).stream().filter(s -> !s.equals(".")).toList();
    return kept.isEmpty() ? null : new EntryPath(kept);
  }

  /** Where this entry lands under {@code root}; checked again here as a second line of defence. */
  Path resolveIn(Path root) {
    Path resolved = root;
    for (String segment : segments) {
      resolved = resolved.resolve(segment);
    }
    if (!resolved.normalize().startsWith(root.normalize()) || resolved.equals(root)) {
      throw new IllegalStateException("entry path " + this + " resolved outside " + root);
    }
    return resolved;
  }

  @Override
  public String toString() {
    return String.join("/", segments);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EntryPath path && path.segments.equals(segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }

  /** Keeps control characters out of one-line error messages. */
  static String printable(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints()
        .forEach(
            c ->
                out.append(
                    Character.isISOControl(c)
                        ? String.format("\\x%02x", c)
                        : Character.toString(c)));
    return out.length() > 200 ? out.substring(0, 200) + "..." : out.toString();
  }
}
