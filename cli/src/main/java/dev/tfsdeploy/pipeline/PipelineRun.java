package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.image.BuiltImage;
import dev.tfsdeploy.overlay.Rendering;
import dev.tfsdeploy.storage.GcsModelDownload;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.io.FileUtils;

/**
 * {@code run}'s pipeline: GKE credentials when asked, the release downloaded (or an archive taken),
 * the image built, the experiment rendered with it pinned, written and applied; each step the same
 * service its step command calls.
 */
public final class PipelineRun {
  private final StepContext context;

  public PipelineRun(StepContext context) {
    this.context = context;
  }

  /**
   * One run, every option already checked.
   *
   * @param model an archive (or, for {@code release}, ignored); null when {@code release} is given
   * @param release the release to download the archive from; null when {@code model} or {@code gcs}
   *     is given
   * @param gcs the model in Cloud Storage; null when {@code model} or {@code release} is given
   * @param image the image; its release tag is replaced by the downloaded release's
   * @param out where to write the manifests; null for nowhere
   * @param credentials GKE credentials to write first; null to use {@code cluster} as it is
   * @param cluster the cluster to apply to; null for none
   * @param rollout how to roll out; null when {@code cluster} is
   * @param repo the model's repository, recorded as provenance; null when unknown
   */
  public record Request(
      ImageBuild.ModelInput model,
      ReleaseDownload.Request release,
      GcsDownload.Request gcs,
      ImageBuild.Request image,
      Path experimentDirectory,
      String experiment,
      Path out,
      GkeCredentials.Request credentials,
      ClusterConnection cluster,
      ServingRollout.Settings rollout,
      String repo) {}

  /** What came out: the image to deploy, and where the manifests went and the model answers. */
  public record Result(String imageRef, Optional<String> manifests, Optional<String> restUrl) {}

  public Result run(Request request) {
    Console console = context.console();
    ClusterConnection cluster = request.cluster();
    if (request.credentials() != null) {
      cluster = cluster.withKubeconfig(new GkeCredentials(context).write(request.credentials()));
    }
    Path scratch = ScratchDirectory.create("tfs-deploy-run");
    try {
      ImageBuild.ModelInput model = request.model();
      ImageBuild.Request image = request.image();
      if (request.release() != null) {
        ReleaseDownload download = new ReleaseDownload(context);
        ReleaseDownload.Fetched fetched = download.into(scratch, request.release());
        download.report(fetched);
        model = ImageBuild.ModelInput.archive(fetched.file().path());
        image = image.withReleaseTag(fetched.release().tagName());
      }
      String modelSource = request.repo();
      if (request.gcs() != null) {
        GcsDownload download = new GcsDownload(context);
        GcsModelDownload.Fetched fetched = download.into(scratch, image.modelName(), request.gcs());
        download.reportSource(fetched);
        model = GcsDownload.modelInput(fetched);
        image = image.withModelSource(fetched.provenance());
        // Recorded where a release's repository is: tfs-deploy.dev/model-repo.
        modelSource = fetched.provenance();
      }
      ImageBuild build = new ImageBuild(context);
      BuiltImage built = build.build(model, image);
      build.report(built, image.target());
      String imageRef = ImageBuild.reference(built);

      Rendering rendering =
          ManifestRendering.render(
              request.experimentDirectory(), imageRef, image.modelName(), console::warn);
      Optional<String> manifests = Optional.empty();
      if (request.out() != null) {
        int written = ManifestRendering.write(rendering, request.out());
        manifests = Optional.of(request.out().toAbsolutePath().normalize().toString());
        console.info("wrote " + written + " objects to " + manifests.get());
        context.outputs().set("manifests", manifests.get());
      }
      Optional<String> restUrl = Optional.empty();
      if (cluster != null) {
        DeployProvenance provenance =
            new DeployProvenance(image.releaseTag().orElse(null), modelSource);
        ServingRollout.Request rollout =
            new ServingRollout.Request(
                Manifests.parse(rendering.yaml(), "experiment " + request.experiment()),
                image.modelName(),
                request.experiment(),
                provenance,
                request.rollout().expecting(built.servedVersions()));
        restUrl = Optional.of(new ServingRollout(context, cluster).deploy(rollout).restUrl());
      } else {
        console.info("not applied to any cluster (--local without --kubeconfig)");
      }
      return new Result(imageRef, manifests, restUrl);
    } finally {
      FileUtils.deleteQuietly(scratch.toFile());
    }
  }
}
