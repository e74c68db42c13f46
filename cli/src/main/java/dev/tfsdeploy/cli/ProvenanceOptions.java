package dev.tfsdeploy.cli;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.RolloutProvenance;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a deploy comes from (a picocli mixin): the model release, and under GitHub Actions the
 * commit (GITHUB_SHA) and the workflow run's URL. Deploy stamps it; diff shows it as the change
 * a deploy would make.
 */
final class ProvenanceOptions {
  @Option(names = "--release-tag", paramLabel = "TAG", description = "Model release tag, recorded as provenance.")
  String releaseTag;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "Model repository, recorded as provenance (env MODEL_RELEASE_REPO).")
  String repo;

  RolloutProvenance provenance(ActionsEnvironment actions, Optional<String> experiment, Deployment deployment) {
    return new RolloutProvenance(experiment, Optional.of(Manifests.servingContainer(deployment).getImage()),
        present(releaseTag), present(repo), actions.get("GITHUB_SHA"), actions.runUrl());
  }

  /** The experiment: as given, else the one the renderer annotated the Deployment with. */
  static Optional<String> experiment(String given, Deployment deployment) {
    return present(given).or(() -> Optional.ofNullable(deployment.getMetadata().getAnnotations())
        .map(a -> a.get(RolloutProvenance.EXPERIMENT)));
  }

  private static Optional<String> present(String value) {
    return Optional.ofNullable(value).filter(s -> !s.isBlank());
  }
}
