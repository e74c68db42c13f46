package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.gke.ClusterId;
import dev.tfsdeploy.files.AtomicDirectory;
import dev.tfsdeploy.image.ImageTarget;
import dev.tfsdeploy.pipeline.GcsDownload;
import dev.tfsdeploy.pipeline.GkeCredentials;
import dev.tfsdeploy.pipeline.ImageBuild;
import dev.tfsdeploy.pipeline.PipelineRun;
import dev.tfsdeploy.pipeline.ReleaseDownload;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code tfs-deploy run}: the whole pipeline in one command, through the same steps the step
 * commands take (download, extract and validate, build-image, render, setup, deploy).
 */
@Command(
    name = "run",
    header = "The whole pipeline in one command: release to image to rollout.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "The whole pipeline in one command: download the model release (or take --archive, or"
          + " --model-uri from Cloud Storage), extract"
          + " and validate it, build the TF Serving image, render the experiment with the image"
          + " pinned, and deploy it, with the same options as the step commands.",
      "",
      "--local needs no cloud account: the image goes to --to tar:PATH (or a registry given with"
          + " --image), the manifests to --out DIR, and they are applied only if --kubeconfig is"
          + " given. Without --local, --cluster (with --project and --location) first writes GKE"
          + " credentials as setup does; otherwise the current kubeconfig is used.",
      "",
      "Prints one line per result: 'image: REF', 'manifests: DIR', 'rest-url: URL'.",
      ""
    })
final class RunCommand extends StepCommand {
  @Option(
      names = "--local",
      description =
          "No cloud account: write the image and manifests; apply only with --kubeconfig.")
  boolean local;

  // --- the model -------------------------------------------------------------------------------
  @Option(
      names = "--archive",
      paramLabel = "FILE",
      description = "A model archive (tar.gz, tgz, tar, zip) instead of a release asset.")
  Path archive;

  @Mixin ModelNameOption modelName;

  @Mixin ReleaseOptions release;
  @Mixin ModelUriOption modelUri;

  // --- the image ---------------------------------------------------------------------------------
  @Mixin ImageOptions image;

  // --- the manifests -----------------------------------------------------------------------------
  @Mixin ExperimentOption experiment;

  @Mixin KubeDirOption kubeDir;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Also write the rendered manifests here, one file per object (new or empty).")
  Path out;

  // --- the cluster -------------------------------------------------------------------------------
  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      description =
          "GKE cluster to write credentials for first, as setup does (env GKE_CLUSTER_NAME; needs"
              + " --project and --location).")
  String cluster;

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description =
          "Google credentials JSON (default: GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, the"
              + " metadata server on GCE).")
  Path credentials;

  @ArgGroup(exclusive = true)
  SetupCommand.Endpoint endpoint = new SetupCommand.Endpoint();

  @Mixin KubernetesTarget target;
  @Mixin RolloutOptions rollout;

  @Override
  public Integer call() {
    String model = require(modelName.name, ModelNameOption.OPTION);
    String experimentName = require(experiment.name, ExperimentOption.OPTION);
    if (archive != null && spec.commandLine().getParseResult().hasMatchedOption("--asset")) {
      throw new ParameterException(
          spec.commandLine(), "give either --archive or --asset, not both");
    }
    modelUri.refuseWith(archive != null, "--archive");
    modelUri.refuseWith(release.assetGiven(), "a release asset (--asset)");
    GcsDownload.Request fromStorage = modelUri.toRequest(credentials);
    ReleaseDownload.Request download =
        archive == null && fromStorage == null ? releaseDownload() : null;
    deprecatedTags();
    // Everything that can be checked before the work starts is checked now.
    image.defaultProject(this::projectOrMetadata);
    ImageBuild.Request imageRequest =
        image.toRequest(model, release.releaseTag(), release.repo(), console().actions());
    boolean apply = !local || target.kubeconfig() != null;
    if (!local && imageRequest.target() instanceof ImageTarget.Tarball) {
      throw new UserError(
          "a cluster cannot pull an image from a tarball (--to " + image.to + ")",
          "push it with --image (or --project and --location), or add --local to only write the"
              + " tarball and manifests");
    }
    if (!apply && out == null) {
      throw new UserError(
          "--local without --out or --kubeconfig leaves the manifests nowhere",
          "pass --out DIR for the manifests (and --kubeconfig FILE to apply them)");
    }
    Path experimentDir = kubeDir.experimentDirectory(experimentName);
    if (out != null) {
      AtomicDirectory.requireUsable(out, "--out " + out);
    }
    GkeCredentials.Request credentialsRequest = null;
    if (!local && cluster != null && !cluster.isBlank()) {
      ClusterId id =
          new ClusterId(
              require(projectOrMetadata(image.project), "--project"),
              require(image.location, "--location"),
              cluster);
      credentialsRequest =
          new GkeCredentials.Request(id, target.kubeconfig(), credentials, endpoint.choice());
    }

    PipelineRun.Result result =
        new PipelineRun(context())
            .run(
                new PipelineRun.Request(
                    archive == null ? null : ImageBuild.ModelInput.archive(archive),
                    download,
                    fromStorage,
                    imageRequest,
                    experimentDir,
                    experimentName,
                    out,
                    credentialsRequest,
                    apply ? target.toConnection() : null,
                    apply ? rollout.toSettings() : null,
                    release.repo()));
    console().result("image: " + result.imageRef());
    result.manifests().ifPresent(manifests -> console().result("manifests: " + manifests));
    result.restUrl().ifPresent(url -> console().result("rest-url: " + url));
    return ExitCode.OK;
  }

  /**
   * --tag on run's command line is the image tag it always was (with build-image's deprecation
   * warning). TFS_DEPLOY_TAG alone is refused: a job-wide variable that named download's release
   * tag would otherwise silently replace the image's tags (model-… among them) here.
   */
  private void deprecatedTags() {
    if (!image.deprecatedTagsGiven()) {
      return;
    }
    if (!spec.commandLine().getParseResult().hasMatchedOption("--tag")) {
      throw new UserError(
          "TFS_DEPLOY_TAG is set, and run cannot tell whether it names the release or the image's"
              + " tags",
          "set TFS_DEPLOY_RELEASE_TAG for the release, or TFS_DEPLOY_IMAGE_TAG for image tags,"
              + " instead of TFS_DEPLOY_TAG");
    }
    image.takeDeprecatedTags(console()::warn);
  }

  private ReleaseDownload.Request releaseDownload() {
    if (!release.assetGiven()) {
      throw new ParameterException(
          spec.commandLine(),
          "missing --archive, --model-uri, or a release: "
              + EnvironmentDefaults.describe("--asset")
              + " with --repo");
    }
    return release.toRequest();
  }
}
