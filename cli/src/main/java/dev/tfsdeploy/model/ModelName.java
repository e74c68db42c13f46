package dev.tfsdeploy.model;

import dev.tfsdeploy.UserError;
import java.util.regex.Pattern;

/**
 * The one rule for a model's name. TF Serving serves a model as {@code /models/NAME}, {@code
 * MODEL_NAME} and {@code /v1/models/NAME}, so extract, build-image, render and loadtest accept the
 * same names: up to 128 letters, digits, '.', '_' or '-', starting with a letter or digit (no '..',
 * no '/', nothing a path or URL would read differently).
 */
public final class ModelName {
  private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final String FIX =
      "use up to 128 letters, digits, '.', '_' or '-', starting with a letter or digit"
          + " (TF Serving serves it as /models/<name> and MODEL_NAME)";

  private ModelName() {}

  public static boolean isValid(String name) {
    return name != null && RULE.matcher(name).matches();
  }

  /** Returns {@code name}, or fails naming {@code what} gave it (an option, "model name"). */
  public static String require(String name, String what) {
    if (!isValid(name)) {
      throw new UserError(
          what + " '" + EntryPath.printable(String.valueOf(name)) + "' is not a usable model name",
          FIX);
    }
    return name;
  }
}
