package dev.tfsdeploy.overlay;

/**
 * Additions to a kustomization at render time, each the equivalent of one more kustomization layer
 * on top: {@code image} sets the TF Serving image (as {@code kustomize edit set image} would),
 * {@code modelName} the model the container serves and its readiness probe checks.
 */
public record RenderOptions(String image, String modelName, RenderListener listener) {
  public static final RenderOptions DEFAULT = new RenderOptions(null, null, RenderListener.NONE);

  public RenderOptions withImage(String image) {
    return new RenderOptions(image, modelName, listener);
  }

  public RenderOptions withModelName(String modelName) {
    return new RenderOptions(image, modelName, listener);
  }

  public RenderOptions withListener(RenderListener listener) {
    return new RenderOptions(image, modelName, listener);
  }

  boolean changesAnything() {
    return image != null && !image.isBlank() || modelName != null && !modelName.isBlank();
  }
}
