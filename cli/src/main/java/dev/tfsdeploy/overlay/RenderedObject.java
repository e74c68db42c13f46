package dev.tfsdeploy.overlay;

import java.util.Map;

/**
 * One rendered Kubernetes object: its content and its YAML exactly as kubectl kustomize prints it.
 */
public record RenderedObject(
    String apiVersion,
    String kind,
    String name,
    String namespace,
    Map<String, Object> content,
    String yaml) {
  /** A file name for this object in an output directory: {@code NN-kind-name.yaml}. */
  public String fileName(int index) {
    return String.format(
        "%02d-%s-%s.yaml", index + 1, kind.toLowerCase(java.util.Locale.ROOT), name);
  }
}
