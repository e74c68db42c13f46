package dev.tfsdeploy.overlay;

/** What rendering reports besides its result (the CLI shows these on stderr). */
public interface RenderListener {
  RenderListener NONE = warning -> {};

  /** A deprecated form that still renders, e.g. kustomize 4's string {@code patches:} entries. */
  void deprecation(String warning);
}
