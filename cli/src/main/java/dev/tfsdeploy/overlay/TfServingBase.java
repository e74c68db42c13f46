package dev.tfsdeploy.overlay;

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
}
