package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.FieldSpecs.NameReference;
import dev.tfsdeploy.yaml.YamlReader;
import java.util.Map;

/**
 * kustomize's {@code crds} field: OpenAPI definitions (a map of type name to {@code Schema}) whose
 * properties' {@code x-kubernetes-*} extensions teach the transformers about a custom kind, as
 * kustomize's LoadConfigFromCRDs reads them. The field specs name the kind only (no group or
 * version), as kustomize's do.
 */
final class CrdConfig {
  private static final String REF_KIND = "x-kubernetes-object-ref-kind";
  private static final String REF_VERSION = "x-kubernetes-object-ref-api-version";
  private static final String ANNOTATION = "x-kubernetes-annotation";
  private static final String LABEL_SELECTOR = "x-kubernetes-label-selector";
  private static final String IDENTITY = "x-kubernetes-identity";

  /** $ref chains deeper than this are cycles; kustomize would recurse until it crashed. */
  private static final int MAX_DEPTH = 50;

  private CrdConfig() {}

  /** The field specs one crds file adds. */
  static TransformerConfig read(KustomizationFile k, String entry) {
    String what = k.file + ": crds '" + entry + "'";
    Object doc =
        YamlReader.document(ResourceFiles.text(ResourceFiles.fileInRoot(k, entry, "crds")), what);
    TransformerConfig config = TransformerConfig.empty();
    if (doc == null) {
      return config;
    }
    if (!(doc instanceof Map<?, ?> definitions)) {
      throw new UserError(
          what + " is not a map of OpenAPI definitions", "list the definitions by type name");
    }
    for (Map.Entry<?, ?> definition : definitions.entrySet()) {
      Map<?, ?> properties = properties(definitions, String.valueOf(definition.getKey()));
      if (properties != null
          && properties.containsKey("kind")
          && properties.containsKey("apiVersion")
          && properties.containsKey("metadata")) {
        load(
            config,
            kindOf(String.valueOf(definition.getKey())),
            definitions,
            String.valueOf(definition.getKey()),
            "",
            0,
            what);
      }
    }
    return config;
  }

  /**
   * kustomize takes the kind from the type name: the part after the last dot of its last path
   * segment.
   */
  private static String kindOf(String typeName) {
    String last = typeName.substring(typeName.lastIndexOf('/') + 1);
    return last.substring(last.lastIndexOf('.') + 1);
  }

  private static Map<?, ?> properties(Map<?, ?> definitions, String typeName) {
    return definitions.get(typeName) instanceof Map<?, ?> api
            && api.get("Schema") instanceof Map<?, ?> schema
            && schema.get("properties") instanceof Map<?, ?> properties
        ? properties
        : null;
  }

  private static void load(
      TransformerConfig config,
      String kind,
      Map<?, ?> definitions,
      String typeName,
      String path,
      int depth,
      String what) {
    Map<?, ?> properties = properties(definitions, typeName);
    if (properties == null) {
      return;
    }
    if (depth > MAX_DEPTH) {
      throw new UserError(
          what + ": the definitions refer to each other in a cycle through " + typeName,
          "break the $ref cycle");
    }
    for (Map.Entry<?, ?> entry : properties.entrySet()) {
      if (!(entry.getValue() instanceof Map<?, ?> property)) {
        continue;
      }
      String field = path + entry.getKey();
      if (property.containsKey(ANNOTATION)) {
        config.commonAnnotations.add(FieldSpec.of(kind, field, false));
      }
      if (property.containsKey(LABEL_SELECTOR)) {
        config.commonLabels.add(FieldSpec.of(kind, field, false));
      }
      if (property.containsKey(IDENTITY)) {
        throw new UserError(
            what
                + ": "
                + IDENTITY
                + " on "
                + kind
                + " "
                + field
                + " would configure namePrefix, which the tfs-deploy renderer cannot yet configure",
            "remove the extension, or render with kubectl kustomize instead");
      }
      // A reference needs both its kind and its api version; its name is always at name (kubectl's
      // kustomize reads no name-key extension).
      if (property.get(REF_KIND) instanceof String target
          && property.get(REF_VERSION) instanceof String version) {
        config.nameReferences.add(
            new NameReference(
                null,
                version.isEmpty() ? null : version,
                target,
                FieldSpec.of(kind, field + "/name", false)));
      }
      if (property.get("$ref") instanceof String ref) {
        load(config, kind, definitions, ref, field + "/", depth + 1, what);
      }
    }
  }
}
