package dev.tfsdeploy.image;

import java.nio.file.Path;

/**
 * Decides whether a model directory may be published: throws a {@link dev.tfsdeploy.UserError}
 * naming what is wrong. The image builder calls it before anything is built or pushed, so the
 * intake's full SavedModel validation can stand here as well as the layout check.
 */
@FunctionalInterface
public interface ModelValidator {
  void validate(Path modelDir);
}
