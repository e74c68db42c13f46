package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** One object of the app, named the way kubectl names it: {@code ConfigMap/tfs-batching-5g7k}. */
public record ObjectRef(String kind, String name) implements Comparable<ObjectRef> {
  public static ObjectRef of(HasMetadata object) {
    return new ObjectRef(object.getKind(), object.getMetadata().getName());
  }

  @Override
  public int compareTo(ObjectRef other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
