package dev.tfsdeploy.overlay;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

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
}
