package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.RolloutProvenance;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Optional;

/**
 * Where a deploy comes from, as far as the caller knows: the model release and its repository
 * (either may be null). Under GitHub Actions the commit and the run's URL are added when stamped.
 */
public record DeployProvenance(String releaseTag, String repo) {
  public static final DeployProvenance UNKNOWN = new DeployProvenance(null, null);

  /** What deploy stamps on the Deployment (and diff shows as the change a deploy would make). */
  public RolloutProvenance stamp(
      ActionsEnvironment actions, Optional<String> experiment, Deployment deployment) {
    return new RolloutProvenance(
        experiment,
        Optional.of(Manifests.servingContainer(deployment).getImage()),
        present(releaseTag),
        present(repo),
        actions.get("GITHUB_SHA"),
        actions.runUrl());
  }

  /** The experiment: as given, else the one the renderer annotated the Deployment with. */
  public static Optional<String> experiment(String given, Deployment deployment) {
    return present(given)
        .or(
            () ->
                Optional.ofNullable(deployment.getMetadata().getAnnotations())
                    .map(a -> a.get(RolloutProvenance.EXPERIMENT)));
  }

  /** The release as the job summary shows it: "`owner/name` `v1`", or a dash when unknown. */
  String describeRelease() {
    return present(releaseTag)
        .map(tag -> present(repo).map(r -> "`" + r + "` ").orElse("") + "`" + tag + "`")
        .orElse("—");
  }

  private static Optional<String> present(String value) {
    return Optional.ofNullable(value).filter(s -> !s.isBlank());
  }
}
