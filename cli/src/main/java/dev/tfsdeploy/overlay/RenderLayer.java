package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.ModelName;
import dev.tfsdeploy.yaml.YamlWriter;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The render options as a kustomization layered over the target directory: an {@code images} entry
 * for {@code --image} and a strategic merge patch for {@code --model-name}. Rendering the target
 * with options is rendering this layer, so {@code kubectl kustomize} on the same text gives the
 * same output.
 */
final class RenderLayer {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private RenderLayer() {}

  /**
   * The kustomization.yaml text of the layer over {@code target}, as seen from {@code layerDir}
   * (kustomize wants a relative path there).
   */
  static String kustomizationYaml(Path layerDir, Path target, RenderOptions options) {
    Path relative =
        layerDir.toAbsolutePath().normalize().relativize(target.toAbsolutePath().normalize());
    StringBuilder yaml = new StringBuilder();
    yaml.append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
    yaml.append("resources:\n- ")
        .append(quote(relative.toString().isEmpty() ? "." : relative.toString()))
        .append('\n');
    // kustomize reads these from the top kustomization only: the layer carries the target's.
    KustomizationFile targetFile = KustomizationFile.load(target);
    java.util.Map<String, Object> topOnly = new java.util.LinkedHashMap<>();
    if (targetFile.sortOptions != null) {
      topOnly.put("sortOptions", targetFile.sortOptions);
    }
    if (!targetFile.buildMetadata.isEmpty()) {
      topOnly.put("buildMetadata", targetFile.buildMetadata);
    }
    if (!topOnly.isEmpty()) {
      yaml.append(YamlWriter.write(topOnly));
    }
    if (options.image() != null && !options.image().isBlank()) {
      ImageReference image = parseImage(options.image().trim());
      yaml.append("images:\n- name: ").append(TfServingBase.IMAGE_PLACEHOLDER).append('\n');
      yaml.append("  newName: ").append(quote(image.name())).append('\n');
      if (!image.tag().isEmpty()) {
        yaml.append("  newTag: ").append(quote(image.tag())).append('\n');
      }
      if (!image.digest().isEmpty()) {
        yaml.append("  digest: ").append(quote(image.digest())).append('\n');
      }
    }
    if (options.modelName() != null && !options.modelName().isBlank()) {
      String model = options.modelName().trim();
      ModelName.require(model, "--model-name");
      yaml.append("patches:\n- target:\n    kind: Deployment\n    name: ")
          .append(TfServingBase.DEPLOYMENT)
          .append('\n');
      yaml.append("  patch: |-\n");
      String patch =
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: %s
          spec:
            template:
              spec:
                containers:
                - name: %s
                  env:
                  - name: MODEL_NAME
                    value: "%s"
                  readinessProbe:
                    httpGet:
                      path: /v1/models/%s/metadata
          """
              .formatted(TfServingBase.DEPLOYMENT, TfServingBase.CONTAINER, model, model);
      patch.lines().forEach(line -> yaml.append("    ").append(line).append('\n'));
    }
    return yaml.toString();
  }

  /** A {@code --image} value: {@code repo[:tag]} or {@code repo[:tag]@sha256:<64 hex>}. */
  static ImageReference parseImage(String value) {
    ImageReference image = ImageReference.parse(value);
    if (image.name().isEmpty() || value.contains(" ")) {
      throw new UserError(
          "invalid image reference '" + value + "'",
          "use REPOSITORY[:TAG] or REPOSITORY@sha256:DIGEST, e.g."
              + " europe-docker.pkg.dev/p/r/model@sha256:...");
    }
    if (!image.digest().isEmpty() && !DIGEST.matcher(image.digest()).matches()) {
      throw new UserError(
          "invalid image digest '" + image.digest() + "' in " + value,
          "a digest is sha256: followed by 64 lowercase hex digits");
    }
    return image;
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
