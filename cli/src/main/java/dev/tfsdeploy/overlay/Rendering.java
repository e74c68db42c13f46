package dev.tfsdeploy.overlay;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The result of rendering: the objects in kustomize's output order. */
public record Rendering(List<RenderedObject> objects) {
  /**
   * All objects as one multi-document YAML stream, byte for byte as kubectl kustomize prints it.
   */
  public String yaml() {
    return objects.stream().map(RenderedObject::yaml).collect(Collectors.joining("---\n"));
  }

  public Optional<RenderedObject> find(String kind) {
    return objects.stream().filter(o -> o.kind().equals(kind)).findFirst();
  }

  /** Whether a pod template still runs the base's placeholder image, which no registry holds. */
  public boolean runsPlaceholderImage() {
    return objects.stream()
        .map(o -> Fields.map(Fields.map(Fields.map(o.content(), "spec"), "template"), "spec"))
        .filter(Objects::nonNull)
        .flatMap(
            pod ->
                pod.get("containers") instanceof List<?> containers
                    ? containers.stream()
                    : Stream.empty())
        .anyMatch(
            c ->
                c instanceof Map<?, ?> container
                    && TfServingBase.IMAGE_PLACEHOLDER.equals(container.get("image")));
  }
}
