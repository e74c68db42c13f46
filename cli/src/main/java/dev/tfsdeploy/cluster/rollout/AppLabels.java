package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels that mark an object as part of one tfs-deploy app (one TF Serving Deployment and what
 * comes with it). Prune, status and teardown find the app's objects by exactly these labels, so
 * objects of another app in the same namespace are never touched.
 *
 * <p>Only object metadata carries them, never a pod template or a selector: a selector is
 * immutable, and a changed template would roll the pods for nothing.
 */
public record AppLabels(String instance) {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String TOOL = "tfs-deploy";

  public Map<String, String> selector() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, TOOL);
    labels.put(INSTANCE, instance);
    return labels;
  }

  /** Adds the labels to the object's metadata (a copy of the labels map; the object is mutated). */
  public void stamp(HasMetadata object) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (object.getMetadata().getLabels() != null) {
      labels.putAll(object.getMetadata().getLabels());
    }
    labels.putAll(selector());
    object.getMetadata().setLabels(labels);
  }

  /** "app.kubernetes.io/managed-by=tfs-deploy,app.kubernetes.io/instance=NAME", for messages. */
  @Override
  public String toString() {
    return MANAGED_BY + "=" + TOOL + "," + INSTANCE + "=" + instance;
  }
}
