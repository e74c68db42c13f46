package dev.tfsdeploy.cluster.rollout;

/**
 * How one object would change: created, changed, unchanged or pruned, with a unified diff of its
 * YAML.
 */
public record ObjectDiff(ObjectRef object, Change change, String unifiedDiff) {
  public enum Change {
    CREATE,
    CHANGE,
    UNCHANGED,
    PRUNE
  }
}
