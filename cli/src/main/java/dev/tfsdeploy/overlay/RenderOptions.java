package dev.tfsdeploy.overlay;

/**
 * Additions to a kustomization at render time: a {@link RenderLayer} rendered on top (the
 * experiments' image and model name), and a listener for what rendering reports besides its result.
 */
public record RenderOptions(RenderLayer layer, RenderListener listener) {
  public static final RenderOptions DEFAULT =
      new RenderOptions(RenderLayer.NONE, RenderListener.NONE);

  public RenderOptions withLayer(RenderLayer layer) {
    return new RenderOptions(layer, listener);
  }

  public RenderOptions withListener(RenderListener listener) {
    return new RenderOptions(layer, listener);
  }

  boolean changesAnything() {
    return !layer.fields().isEmpty();
  }
}
