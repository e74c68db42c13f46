package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the files a kustomization names, under kustomize's rule that they stay inside its root. */
final class ResourceFiles {
  private ResourceFiles() {}

  /** A file named by the kustomization in {@code root}; it must lie in or below that directory. */
  static Path fileInRoot(KustomizationFile k, String relative, String field) {
    Path root = k.directory.toAbsolutePath().normalize();
    Path file = root.resolve(relative).normalize();
    if (!file.startsWith(root)) {
      throw new UserError(k.file + ": " + field + " '" + relative + "' is not in or below " + root,
          "kustomize only reads files inside the kustomization's directory; move the file or use a base");
    }
    if (!Files.isRegularFile(file)) {
      throw new UserError(k.file + ": " + field + " '" + relative + "' does not exist", "fix the path");
    }
    return file;
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage(), "check the file's permissions");
    }
  }

  static String text(Path file) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new UserError(file + " is not valid UTF-8 text", "save it as UTF-8");
    }
  }

  /**
   * The Kubernetes objects in a YAML file, each with a kind and a name; a List
   * object (a kind ending in List, with items) stands for its items, as in kustomize.
   */
  static List<Resource> objects(Path file) {
    List<Resource> resources = new ArrayList<>();
    YamlReader.Parsed parsed = YamlReader.parse(text(file), file.toString());
    for (Object doc : parsed.documents()) {
      Map<String, Object> object = mapping(doc, file);
      String kind = object.get("kind") instanceof String k ? k : "";
      if (kind.endsWith("List") && object.containsKey("items")) {
        if (!(object.get("items") instanceof List<?> items)) {
          throw new UserError(file + ": the items of a " + kind + " are not a list", "make items a list of objects");
        }
        items.forEach(item -> resources.add(checked(new Resource(mapping(item, file), file.toString()))));
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
      throw new UserError(file + " holds a YAML document that is not an object", "each document must be a mapping");
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
