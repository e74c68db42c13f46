package dev.tfsdeploy.experiments;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.ModelName;
import dev.tfsdeploy.overlay.ImageReference;
import dev.tfsdeploy.overlay.RenderLayer;
import java.util.regex.Pattern;

/**
 * The render options {@code --image} and {@code --model-name} as a layer over an experiment: an
 * {@code images} entry replacing the base's placeholder image and a strategic merge patch setting
 * the TF Serving container's {@code MODEL_NAME} and readiness probe. Blank values add nothing.
 */
public record TfServingLayer(String image, String modelName) implements RenderLayer {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  /** Checks both values, so a bad one fails before anything renders. */
  public TfServingLayer {
    if (!isBlank(image)) {
      parseImage(image.trim());
    }
    if (!isBlank(modelName)) {
      ModelName.require(modelName.trim(), "--model-name");
    }
  }

  @Override
  public String fields() {
    StringBuilder yaml = new StringBuilder();
    if (!isBlank(image)) {
      ImageReference reference = parseImage(image.trim());
      yaml.append("images:\n- name: ").append(TfServingBase.IMAGE_PLACEHOLDER).append('\n');
      yaml.append("  newName: ").append(RenderLayer.quote(reference.name())).append('\n');
      if (!reference.tag().isEmpty()) {
        yaml.append("  newTag: ").append(RenderLayer.quote(reference.tag())).append('\n');
      }
      if (!reference.digest().isEmpty()) {
        yaml.append("  digest: ").append(RenderLayer.quote(reference.digest())).append('\n');
      }
    }
    if (!isBlank(modelName)) {
      String model = modelName.trim();
      yaml.append("patches:\n- target:\n    kind: Deployment\n    name: ")
          .append(TfServingBase.DEPLOYMENT)
          .append('\n');
      yaml.append("  patch: |-\n");
      String patch =
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: %s
          spec:
            template:
              spec:
                containers:
                - name: %s
                  env:
                  - name: MODEL_NAME
                    value: "%s"
                  readinessProbe:
                    httpGet:
                      path: /v1/models/%s/metadata
          """
              .formatted(TfServingBase.DEPLOYMENT, TfServingBase.CONTAINER, model, model);
      patch.lines().forEach(line -> yaml.append("    ").append(line).append('\n'));
    }
    return yaml.toString();
  }

  /** A {@code --image} value: {@code repo[:tag]} or {@code repo[:tag]@sha256:<64 hex>}. */
  static ImageReference parseImage(String value) {
    ImageReference image = ImageReference.parse(value);
    if (image.name().isEmpty() || value.contains(" ")) {
      throw new UserError(
          "invalid image reference '" + value + "'",
          "use REPOSITORY[:TAG] or REPOSITORY@sha256:DIGEST, e.g."
              + " europe-docker.pkg.dev/p/r/model@sha256:...");
    }
    if (!image.digest().isEmpty() && !DIGEST.matcher(image.digest()).matches()) {
      throw new UserError(
          "invalid image digest '" + image.digest() + "' in " + value,
          "a digest is sha256: followed by 64 lowercase hex digits");
    }
    return image;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
