package dev.tfsdeploy.overlay;

import dev.tfsdeploy.yaml.YamlWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a caller adds at render time, as kustomization fields (e.g. {@code images:}, {@code
 * patches:}) of one more kustomization layered over the rendered directory. Rendering with a layer
 * is rendering that kustomization, so {@code kubectl kustomize} on {@link #kustomizationYaml} gives
 * the same output. The engine knows nothing of what a layer means; the experiments supply theirs.
 */
public interface RenderLayer {
  /** Adds nothing: the directory renders as it is. */
  RenderLayer NONE = () -> "";

  /** The layer's kustomization fields as YAML; empty when it adds nothing. */
  String fields();

  /**
   * The whole kustomization.yaml text of {@code options}' layer over {@code target}, as seen from
   * {@code layerDir} (kustomize wants a relative path there).
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
    Map<String, Object> topOnly = new LinkedHashMap<>();
    if (targetFile.sortOptions != null) {
      topOnly.put("sortOptions", targetFile.sortOptions);
    }
    if (!targetFile.buildMetadata.isEmpty()) {
      topOnly.put("buildMetadata", targetFile.buildMetadata);
    }
    if (!topOnly.isEmpty()) {
      yaml.append(YamlWriter.write(topOnly));
    }
    return yaml.append(options.layer().fields()).toString();
  }

  /** {@code value} as a double-quoted YAML scalar. */
  static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
