package dev.tfsdeploy.image;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.image.ModelDirectory.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout check the image needs: every version directory holds a SavedModel graph ({@code
 * saved_model.pb}, or the text form {@code saved_model.pbtxt} TF Serving also loads). It does not
 * parse the graph; the intake's validator does that.
 */
public final class SavedModelLayout implements ModelValidator {
  @Override
  public void validate(Path modelDir) {
    for (ModelVersion version : ModelDirectory.scan(modelDir).versions()) {
      Path dir = version.dir();
      if (!Files.isRegularFile(dir.resolve("saved_model.pb"))
          && !Files.isRegularFile(dir.resolve("saved_model.pbtxt"))) {
        throw new UserError(
            "model version " + dir + " has no saved_model.pb",
            "each numeric version directory must hold a TensorFlow SavedModel"
                + " (saved_model.pb and variables/); re-export the model with tf.saved_model.save");
      }
    }
  }
}
