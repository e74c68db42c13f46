package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads the files a kustomization names, under kustomize's rule that they stay inside its root. */
final class ResourceFiles {
  private ResourceFiles() {}

  /**
   * A file named by the kustomization {@code k}, as kustomize's load restrictor allows it: the
   * entry (relative to the root, or absolute) with its symbolic links resolved must lie in or below
   * the root's real path. Returns the resolved file, so what is checked is what is read.
   */
  static Path fileInRoot(KustomizationFile k, String entry, String field) {
    Path path = k.directory.resolve(entry).normalize();
    Path real = realPath(path, k.file + ": " + field + " '" + entry + "'");
    if (Files.isDirectory(real)) {
      throw new UserError(
          k.file + ": " + field + " '" + entry + "' is a directory, not a file", "name a file");
    }
    if (!real.getParent().startsWith(k.directory)) {
      throw new UserError(
          k.file
              + ": "
              + field
              + " '"
              + entry
              + "' is not in or below "
              + k.directory
              + (real.equals(path) ? "" : " (through a symbolic link, to " + real + ")"),
          "kustomize reads only files inside the kustomization's directory, symbolic links"
              + " resolved; copy the file in, or move it into a base listed under resources");
    }
    return real;
  }

  /**
   * The real path of a directory the kustomization {@code k} lists as a base or component, under
   * kustomize's rules for a new root: relative, not empty, a directory, and neither one of the
   * {@code visited} roots (the kustomizations that led here) nor above one of them.
   */
  static Path newRoot(KustomizationFile k, String entry, String field, Collection<Path> visited) {
    if (entry.isEmpty()) {
      throw new UserError(
          k.file + ": " + field + " has an empty entry",
          "remove it (kustomize: new root cannot be empty)");
    }
    if (Path.of(entry).isAbsolute()) {
      throw new UserError(
          k.file + ": " + field + " entry '" + entry + "' is an absolute directory",
          "write it relative to " + k.directory + " (kustomize: new root cannot be absolute)");
    }
    Path path = k.directory.resolve(entry).normalize();
    if (!Files.isDirectory(path)) {
      throw new UserError(
          k.file + ": " + field + " entry '" + entry + "' is neither a file nor a directory",
          "fix the path");
    }
    Path real = realPath(path, k.file + ": " + field + " '" + entry + "'");
    for (Path root : visited) {
      if (root.startsWith(real)) {
        throw new UserError(
            "kustomization cycle: "
                + k.file
                + " lists '"
                + entry
                + "' under "
                + field
                + ", which is "
                + (root.equals(real) ? "" : "above ")
                + root
                + ", a kustomization that leads to it",
            "remove the circular reference");
      }
    }
    return real;
  }

  /** {@code path} with every symbolic link resolved; {@code what} names it in errors. */
  static Path realPath(Path path, String what) {
    try {
      return path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new UserError(what + " does not exist", "fix the path");
    } catch (IOException e) {
      throw new UserError(
          "cannot read " + what + ": " + e.getMessage(), "check the file's permissions");
    }
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserError(
          "cannot read " + file + ": " + e.getMessage(), "check the file's permissions");
    }
  }

  static String text(Path file) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(bytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UserError(file + " is not valid UTF-8 text", "save it as UTF-8");
    }
  }

  /**
   * The Kubernetes objects in a YAML file, each with a kind and a name; a List object (a kind
   * ending in List, with items) stands for its items, as in kustomize.
   */
  static List<Resource> objects(Path file) {
    List<Resource> resources = new ArrayList<>();
    YamlReader.Parsed parsed = YamlReader.parse(text(file), file.toString());
    for (Object doc : parsed.documents()) {
      Map<String, Object> object = mapping(doc, file);
      String kind = object.get("kind") instanceof String k ? k : "";
      if (kind.endsWith("List") && object.containsKey("items")) {
        if (!(object.get("items") instanceof List<?> items)) {
          throw new UserError(
              file + ": the items of a " + kind + " are not a list",
              "make items a list of objects");
        }
        items.forEach(
            item -> resources.add(checked(new Resource(mapping(item, file), file.toString()))));
      } else {
        resources.add(checked(new Resource(object, file.toString())));
      }
    }
    if (parsed.oddSpelling()) {
      resources.forEach(resource -> resource.scalars().markOdd());
    }
    return resources;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapping(Object doc, Path file) {
    if (!(doc instanceof Map<?, ?>)) {
      throw new UserError(
          file + " holds a YAML document that is not an object", "each document must be a mapping");
    }
    return (Map<String, Object>) doc;
  }

  static Resource checked(Resource resource) {
    String kind = resource.kind();
    String where = resource.origin();
    // kustomize needs a kind (and a name), not an apiVersion.
    if (kind == null) {
      throw new UserError(where + ": an object without a kind", "add apiVersion and kind");
    }
    if (resource.name() == null || resource.name().isEmpty()) {
      throw new UserError(where + ": a " + kind + " without metadata.name", "give it a name");
    }
    return resource;
  }
}
