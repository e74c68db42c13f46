package dev.tfsdeploy.experiments;

import dev.tfsdeploy.overlay.Rendering;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Names the base in {@code .kube/base} uses, which render options and experiments rely on. */
public final class TfServingBase {
  /** The placeholder image name in the base; {@code --image} replaces it. */
  public static final String IMAGE_PLACEHOLDER = "tfs-serving-model";

  /** The Deployment and its TF Serving container. */
  public static final String DEPLOYMENT = "tfs-serving";

  public static final String CONTAINER = "tfs-serving";

  /** The model name the base serves until {@code --model-name} says otherwise. */
  public static final String DEFAULT_MODEL_NAME = "model";

  private TfServingBase() {}

  /** Whether a pod template still runs the base's placeholder image, which no registry holds. */
  public static boolean runsPlaceholderImage(Rendering rendering) {
    return rendering.objects().stream()
        .map(o -> child(child(child(o.content(), "spec"), "template"), "spec"))
        .flatMap(
            pod -> pod.get("containers") instanceof List<?> list ? list.stream() : Stream.empty())
        .anyMatch(
            c ->
                c instanceof Map<?, ?> container
                    && IMAGE_PLACEHOLDER.equals(container.get("image")));
  }

  /** The map under {@code key}, or an empty one. */
  private static Map<?, ?> child(Map<?, ?> parent, String key) {
    return parent.get(key) instanceof Map<?, ?> map ? map : Map.of();
  }
}
