package dev.tfsdeploy.cli;

import dev.tfsdeploy.pipeline.DeployProvenance;
import picocli.CommandLine.Option;

/**
 * Where a deploy comes from (a picocli mixin): the model release, and under GitHub Actions the
 * commit (GITHUB_SHA) and the workflow run's URL. Deploy stamps it; diff shows it as the change a
 * deploy would make.
 */
final class ProvenanceOptions {
  @Option(
      names = "--release-tag",
      paramLabel = "TAG",
      description = "Model release tag, recorded as provenance.")
  String releaseTag;

  @Option(
      names = "--repo",
      paramLabel = "OWNER/NAME",
      description = "Model repository, recorded as provenance (env MODEL_RELEASE_REPO).")
  String repo;

  DeployProvenance toProvenance() {
    return new DeployProvenance(releaseTag, repo);
  }
}
