package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KustomizationFile.GeneratorArgs;
import dev.tfsdeploy.overlay.KustomizationFile.ImageRule;
import dev.tfsdeploy.overlay.KustomizationFile.LabelSet;
import dev.tfsdeploy.overlay.KustomizationFile.PatchRule;
import dev.tfsdeploy.overlay.KustomizationFile.ReplicaRule;
import dev.tfsdeploy.yaml.GoScalars;
import dev.tfsdeploy.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * kustomize's build, step for step: per kustomization, resources (files and nested kustomizations),
 * generators, components, then the builtin transformers in kustomize's order (replacements last);
 * at the top only, content hashes, name references and the output order (sortOptions).
 */
final class KustomizeBuild {
  private final RenderListener listener;
  private final Deque<Path> stack = new ArrayDeque<>();
  private BuildMetadataAnnotations buildMetadata;
  private final Vars vars = new Vars();

  KustomizeBuild(RenderListener listener) {
    this.listener = listener;
  }

  List<Resource> build(KustomizationFile top) {
    if (top.component) {
      throw new UserError(
          top.file + " is a Component, which cannot be built on its own",
          "render a Kustomization that lists it under components");
    }
    buildMetadata = BuildMetadataAnnotations.forTop(top);
    TransformerConfig config = TransformerConfig.empty();
    List<Resource> resources = accumulate(top, new ArrayList<>(), config);
    for (Resource resource : resources) {
      if (resource.needsHash()) {
        resource.storePreviousId();
        resource.setName(resource.name() + "-" + ContentHash.of(resource.object()));
        resource.setNeedsHash(false);
      }
    }
    NameReferences.fix(resources, config.nameReferences);
    vars.resolve(resources, config.varReferences);
    resources.forEach(KustomizeBuild::annotationsAsStrings);
    resources.removeIf(KustomizeBuild::isLocalConfig);
    return top.sortOrder.get().sorted(resources);
  }

  private static final String LOCAL_CONFIG = "config.kubernetes.io/local-config";

  /**
   * kustomize leaves out of the output, after every transformer ran (so they can still be a
   * replacement's source), the objects annotated local-config with any value but "false".
   */
  private static boolean isLocalConfig(Resource resource) {
    java.util.Map<String, Object> annotations =
        Fields.map(Fields.map(resource.object(), "metadata"), "annotations");
    return annotations != null
        && annotations.containsKey(LOCAL_CONFIG)
        && !"false".equals(annotations.get(LOCAL_CONFIG));
  }

  /** kustomize finally rewrites each object's annotations as a map of strings. */
  private static void annotationsAsStrings(Resource resource) {
    java.util.Map<String, Object> annotations =
        Fields.map(Fields.map(resource.object(), "metadata"), "annotations");
    if (annotations != null) {
      annotations.replaceAll(
          (key, value) ->
              value == null
                  ? ""
                  : value instanceof String
                      ? value
                      : value instanceof java.util.Map<?, ?> || value instanceof java.util.List<?>
                          ? value
                          : GoScalars.formatNumberOrBool(value));
    }
  }

  /**
   * {@code config} is the accumulator's: this kustomization's configurations (and its components')
   * merge into it.
   */
  private List<Resource> accumulate(
      KustomizationFile k, List<Resource> resources, TransformerConfig config) {
    // The render options' layer is no root of its own: it lists its target as ".".
    boolean inMemory = k.file.toString().startsWith("(");
    if (!inMemory) {
      stack.push(k.directory);
    }
    try {
      k.deprecations.forEach(message -> listener.deprecation(k.file + ": " + message));
      for (String entry : k.resources) {
        addResources(k, entry, resources, config);
      }
      config.merge(TransformerConfig.of(k), k.file + ": configurations");
      for (GeneratorArgs args : k.configMapGenerator) {
        GeneratorBehavior.absorb(
            resources,
            generated(k, Generators.configMap(k, args), args, "ConfigMapGenerator"),
            args.behavior());
      }
      for (GeneratorArgs args : k.secretGenerator) {
        GeneratorBehavior.absorb(
            resources,
            generated(k, Generators.secret(k, args), args, "SecretGenerator"),
            args.behavior());
      }
      for (BuiltinPlugins.Config plugin : pluginConfigs(k, k.generators, "generators")) {
        for (BuiltinPlugins.Generated generated : BuiltinPlugins.generate(k, plugin)) {
          if (!"merge".equals(generated.behavior())) {
            buildMetadata.generated(generated.resource(), plugin);
          }
          GeneratorBehavior.absorb(resources, generated.resource(), generated.behavior());
        }
      }
      for (String entry : k.components) {
        KustomizationFile component =
            KustomizationFile.load(ResourceFiles.newRoot(k, entry, "components", stack));
        if (!component.component) {
          throw new UserError(
              component.file + " is listed under components but is not kind: Component",
              "set kind: Component and apiVersion: kustomize.config.k8s.io/v1alpha1 in it");
        }
        buildMetadata.enter(entry);
        resources = accumulate(component, resources, config);
        buildMetadata.leave();
      }
      transform(k, resources, config);
      for (BuiltinPlugins.Config plugin : pluginConfigs(k, k.transformers, "transformers")) {
        BuiltinPlugins.transform(k, plugin, resources);
        buildMetadata.transformed(plugin, k, resources);
      }
      vars.merge(k.vars, resources);
      return resources;
    } finally {
      if (!inMemory) {
        stack.pop();
      }
    }
  }

  /** A merged object keeps the origin of the one it merges into, as in kustomize. */
  private Resource generated(
      KustomizationFile k, Resource resource, GeneratorArgs args, String generatorKind) {
    if (!"merge".equals(args.behavior())) {
      buildMetadata.generated(resource, k, generatorKind);
    }
    return resource;
  }

  /**
   * The plugin configs a generators/transformers list names, as kustomize reads them: an entry that
   * parses as YAML objects is inline, any other is a file or a kustomization directory, whose built
   * objects are the configs.
   */
  private List<BuiltinPlugins.Config> pluginConfigs(
      KustomizationFile k, List<String> entries, String field) {
    List<BuiltinPlugins.Config> configs = new ArrayList<>();
    int i = 0;
    for (String entry : entries) {
      String inlineWhat = k.file + ": " + field + "[" + i++ + "]";
      List<Object> inline = inlineObjects(entry, inlineWhat);
      if (inline != null) {
        for (Object object : inline) {
          @SuppressWarnings("unchecked")
          Map<String, Object> map = (Map<String, Object>) object;
          configs.add(new BuiltinPlugins.Config(map, inlineWhat, buildMetadata.here(k.file)));
        }
        continue;
      }
      Path path = k.directory.resolve(entry).normalize();
      if (Files.isRegularFile(path)) {
        Path file = ResourceFiles.fileInRoot(k, entry, field);
        for (Resource resource : ResourceFiles.objects(file)) {
          configs.add(
              new BuiltinPlugins.Config(
                  resource.object(), file.toString(), buildMetadata.here(entry)));
        }
        continue;
      }
      KustomizationFile child =
          KustomizationFile.load(ResourceFiles.newRoot(k, entry, field, stack));
      buildMetadata.enter(entry);
      List<Resource> built = accumulate(child, new ArrayList<>(), TransformerConfig.empty());
      buildMetadata.leave();
      for (Resource resource : built) {
        configs.add(
            new BuiltinPlugins.Config(
                resource.object(), child.file.toString(), buildMetadata.recordedPath(resource)));
      }
    }
    return configs;
  }

  /** The entry's documents if it is inline YAML of objects, else null (a path). */
  private static List<Object> inlineObjects(String entry, String what) {
    List<Object> documents;
    try {
      documents = YamlReader.documents(entry, what);
    } catch (UserError notYaml) {
      return null;
    }
    boolean objects =
        !documents.isEmpty() && documents.stream().allMatch(d -> d instanceof Map<?, ?>);
    return objects ? documents : null;
  }

  private void addResources(
      KustomizationFile k, String entry, List<Resource> resources, TransformerConfig config) {
    if (entry.contains("://") || entry.startsWith("git@") || entry.startsWith("github.com/")) {
      throw new UserError(
          k.file + ": remote resource '" + entry + "' is not supported by the tfs-deploy renderer",
          "vendor it into the repository and list the local path");
    }
    Path path = k.directory.resolve(entry).normalize();
    if (Files.isRegularFile(path)) {
      for (Resource resource :
          ResourceFiles.objects(ResourceFiles.fileInRoot(k, entry, "resource"))) {
        buildMetadata.file(resource, entry);
        append(resources, resource);
      }
      return;
    }
    KustomizationFile child =
        KustomizationFile.load(ResourceFiles.newRoot(k, entry, "resources", stack));
    if (child.component) {
      throw new UserError(
          child.file + " is a Component but is listed under resources", "list it under components");
    }
    buildMetadata.enter(entry);
    TransformerConfig childConfig = TransformerConfig.empty();
    List<Resource> accumulated = accumulate(child, new ArrayList<>(), childConfig);
    buildMetadata.leave();
    for (Resource resource : accumulated) {
      append(resources, resource);
    }
    config.merge(childConfig, k.file + ": resources '" + entry + "'");
  }

  static void append(List<Resource> resources, Resource resource) {
    for (Resource existing : resources) {
      if (existing.id().sameAs(resource.id())) {
        throw new UserError(
            "may not add resource with an already registered id: "
                + resource.id()
                + " (from "
                + resource.origin()
                + ", already from "
                + existing.origin()
                + ")",
            "give the objects distinct names or namespaces");
      }
    }
    resources.add(resource);
  }

  /**
   * The builtin transformers kustomize configures from {@code k}'s fields, in its order: one per
   * patch, labels entry, replicas entry or image, one for each other field that is set.
   */
  private void transform(KustomizationFile k, List<Resource> resources, TransformerConfig config) {
    if (!k.patchesStrategicMerge.isEmpty()) {
      for (PatchRule rule : k.patchesStrategicMerge) {
        Patches.apply(k, rule, resources, false);
      }
      buildMetadata.transformed(k, "PatchStrategicMergeTransformer", resources);
    }
    for (PatchRule rule : k.patches) {
      Patches.apply(k, rule, resources, false);
      buildMetadata.transformed(k, "PatchTransformer", resources);
    }
    Transformers.namespace(k.namespace, config, resources, k.file.toString());
    if (k.namespace != null && !k.namespace.isEmpty()) {
      buildMetadata.transformed(k, "NamespaceTransformer", resources);
    }
    Transformers.nameAffixes(k.namePrefix, k.nameSuffix, config, resources);
    if (!k.namePrefix.isEmpty()) {
      buildMetadata.transformed(k, "PrefixTransformer", resources);
    }
    if (!k.nameSuffix.isEmpty()) {
      buildMetadata.transformed(k, "SuffixTransformer", resources);
    }
    for (LabelSet set : k.labels) {
      Transformers.addEntries(
          set.pairs(), LabelFieldSpecs.of(set, config.commonLabels, k.file.toString()), resources);
      buildMetadata.transformed(k, "LabelTransformer", resources);
    }
    Transformers.addEntries(k.commonLabels, config.commonLabels, resources);
    // kustomize configures the commonLabels transformer whenever labels or commonLabels is set.
    if (!k.labels.isEmpty() || !k.commonLabels.isEmpty()) {
      buildMetadata.transformed(k, "LabelTransformer", resources);
    }
    Transformers.addEntries(k.commonAnnotations, config.commonAnnotations, resources);
    if (!k.commonAnnotations.isEmpty()) {
      buildMetadata.transformed(k, "AnnotationsTransformer", resources);
    }
    for (PatchRule rule : k.patchesJson6902) {
      Patches.apply(k, rule, resources, true);
      buildMetadata.transformed(k, "PatchJson6902Transformer", resources);
    }
    for (ReplicaRule rule : k.replicas) {
      Transformers.replicas(rule, config.replicas, resources, k.file.toString());
      buildMetadata.transformed(k, "ReplicaCountTransformer", resources);
    }
    for (ImageRule rule : k.images) {
      Transformers.image(rule, config.images, resources, k.file.toString());
      buildMetadata.transformed(k, "ImageTagTransformer", resources);
    }
    for (ReplacementRule rule : k.replacements) {
      Replacements.apply(k, rule, resources);
    }
    if (!k.replacements.isEmpty()) {
      buildMetadata.transformed(k, "ReplacementTransformer", resources);
    }
  }
}
