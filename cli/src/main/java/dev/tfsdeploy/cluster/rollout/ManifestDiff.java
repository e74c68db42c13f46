package dev.tfsdeploy.cluster.rollout;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * What a deploy would change, like {@code kubectl diff --server-side}: each object as the server
 * would have it after the apply (a server-side dry run) against the live one, as a unified diff of
 * their YAML, leaving out what the server alone writes (managedFields, resourceVersion, uid,
 * creationTimestamp, generation, status); and the app's objects the deploy would prune.
 */
public final class ManifestDiff {
  private static final int CONTEXT_LINES = 3;

  private final KubernetesClient client;
  private final String namespace;

  public ManifestDiff(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public List<ObjectDiff> diff(DeployRequest request) {
    Deployer deployer = new Deployer(client, namespace, RolloutListener.NONE);
    DeployResult wouldBe = deployer.dryRun(request);
    List<ObjectDiff> diffs = new ArrayList<>();
    for (HasMetadata after : wouldBe.applied()) {
      HasMetadata live = client.resource(after).inNamespace(namespace).get();
      ObjectRef ref = ObjectRef.of(after);
      String before = live == null ? "" : ObjectYaml.withoutServerFields(live);
      String afterYaml = ObjectYaml.withoutServerFields(after);
      ObjectDiff.Change change =
          live == null
              ? ObjectDiff.Change.CREATE
              : before.equals(afterYaml) ? ObjectDiff.Change.UNCHANGED : ObjectDiff.Change.CHANGE;
      diffs.add(
          new ObjectDiff(
              ref,
              change,
              change == ObjectDiff.Change.UNCHANGED ? "" : unified(ref, before, afterYaml)));
    }
    for (HasMetadata stale : deployer.stale(request)) {
      ObjectRef ref = ObjectRef.of(stale);
      diffs.add(
          new ObjectDiff(
              ref,
              ObjectDiff.Change.PRUNE,
              unified(ref, ObjectYaml.withoutServerFields(stale), "")));
    }
    return diffs;
  }

  private static String unified(ObjectRef ref, String before, String after) {
    List<String> beforeLines = before.isEmpty() ? List.of() : before.lines().toList();
    List<String> afterLines = after.isEmpty() ? List.of() : after.lines().toList();
    Patch<String> patch = DiffUtils.diff(beforeLines, afterLines);
    String from = before.isEmpty() ? "/dev/null" : "live/" + ref;
    String to = after.isEmpty() ? "/dev/null" : "new/" + ref;
    return String.join(
            "\n", UnifiedDiffUtils.generateUnifiedDiff(from, to, beforeLines, patch, CONTEXT_LINES))
        + "\n";
  }
}
