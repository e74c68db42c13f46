package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.gke.ClusterId;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.files.AtomicDirectory;
import dev.tfsdeploy.image.BuiltImage;
import dev.tfsdeploy.image.ImageTarget;
import dev.tfsdeploy.overlay.Rendering;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;
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
      "The whole pipeline in one command: download the model release (or take --archive), extract"
          + " and validate it, build the TF Serving image, render the experiment with the image"
          + " pinned, and deploy it, with the same options as the step commands.",
      "",
      "--local needs no cloud account: the image goes to --to tar:PATH (or a registry given with"
          + " --image), the manifests to --out DIR, and they are applied only if --kubeconfig is given."
          + " Without --local, --cluster (with --project and --location) first writes GKE credentials"
          + " as setup does; otherwise the current kubeconfig is used.",
      "",
      "Prints one line per result: 'image: REF', 'manifests: DIR', 'rest-url: URL'.",
      ""
    })
final class RunCommand extends StepCommand {
  @Option(names = "--local", description = "No cloud account: write the image and manifests; apply only with --kubeconfig.")
  boolean local;

  // --- the model -------------------------------------------------------------------------------
  @Option(names = "--archive", paramLabel = "FILE",
      description = "A model archive (tar.gz, tgz, tar, zip) instead of a release asset.")
  Path archive;

  @Option(names = "--model-name", paramLabel = "NAME", description = "Name TF Serving serves the model as (env MODEL_NAME).")
  String modelName;

  @Mixin ReleaseOptions release;

  // --- the image ---------------------------------------------------------------------------------
  @Mixin ImageOptions image;

  // --- the manifests -----------------------------------------------------------------------------
  @Option(names = "--experiment", paramLabel = "NAME", description = "Experiment KUBE_DIR/experiments/NAME (env TARGET_EXPERIMENT).")
  String experiment;

  @Option(names = "--kube-dir", paramLabel = "DIR", description = "Holds base/, components/ and experiments/ (default: .kube).")
  Path kubeDir;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write the rendered manifests here, one file per object (new or empty).")
  Path out;

  // --- the cluster -------------------------------------------------------------------------------
  @Option(names = "--cluster", paramLabel = "NAME",
      description = "GKE cluster to write credentials for first, as setup does (env GKE_CLUSTER_NAME; needs --project and --location).")
  String cluster;

  @Option(names = "--credentials", paramLabel = "FILE", description = "Google credentials JSON (default: GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, the metadata server on GCE).")
  Path credentials;

  @ArgGroup(exclusive = true)
  SetupCommand.Endpoint endpoint = new SetupCommand.Endpoint();

  @Mixin KubernetesTarget target;
  @Mixin RolloutOptions rollout;

  @Override
  public Integer call() {
    String model = require(modelName, "--model-name");
    String experimentName = require(experiment, "--experiment");
    if (archive != null && spec.commandLine().getParseResult().hasMatchedOption("--asset")) {
      throw new ParameterException(spec.commandLine(), "give either --archive or --asset, not both");
    }
    ReleaseFetch fetch = archive == null ? releaseFetch() : null;
    // Everything that can be checked before the work starts is checked now.
    image.defaultProject(this::projectOrMetadata);
    ImageTarget imageTarget = image.target(model);
    image.baseImage();
    boolean apply = !local || target.kubeconfig != null;
    if (!local && imageTarget instanceof ImageTarget.Tarball) {
      throw new UserError("a cluster cannot pull an image from a tarball (--to " + image.to + ")",
          "push it with --image (or --project and --location), or add --local to only write the tarball and manifests");
    }
    if (!apply && out == null) {
      throw new UserError("--local without --out or --kubeconfig leaves the manifests nowhere",
          "pass --out DIR for the manifests (and --kubeconfig FILE to apply them)");
    }
    Path experimentDir = ManifestRendering.experimentDirectory(kubeDir, experimentName);
    if (out != null) {
      AtomicDirectory.requireUsable(out, "--out " + out);
    }
    if (!local && cluster != null && !cluster.isBlank()) {
      ClusterId id = new ClusterId(require(projectOrMetadata(image.project), "--project"), require(image.location, "--location"), cluster);
      target.kubeconfig = GkeCredentials.write(console(), outputs(), id, target.kubeconfig, credentials, endpoint.choice());
    }

    List<String> results = new ArrayList<>();
    Path scratch = ScratchDirectory.create("tfs-deploy-run");
    try {
      Path modelArchive = archive;
      String releaseTag = release.releaseTag();
      if (fetch != null) {
        ReleaseFetch.Fetched fetched = fetch.into(scratch, console());
        fetched.report(outputs());
        modelArchive = fetched.file().path();
        releaseTag = fetched.release().tagName();
      }
      String releaseForImage = releaseTag;
      ImageBuild build = new ImageBuild(console());
      BuiltImage built = build.fromArchive(modelArchive, model,
          dir -> image.request(dir, model, releaseForImage, release.repo(), console().actions()));
      build.report(built, imageTarget, outputs());
      String imageRef = ImageBuild.reference(built);
      results.add("image: " + imageRef);

      Rendering rendering = ManifestRendering.render(experimentDir, imageRef, model, console()::warn);
      if (out != null) {
        int written = ManifestRendering.write(rendering, out);
        String manifests = out.toAbsolutePath().normalize().toString();
        console().info("wrote " + written + " objects to " + manifests);
        outputs().set("manifests", manifests);
        results.add("manifests: " + manifests);
      }
      if (apply) {
        ProvenanceOptions provenance = new ProvenanceOptions();
        provenance.releaseTag = releaseForImage;
        provenance.repo = release.repo();
        ServingRollout.Deployed deployed = new ServingRollout(console(), outputs(), target, provenance, rollout)
            .deploy(Manifests.parse(rendering.yaml(), "experiment " + experimentName), model, experimentName);
        results.add("rest-url: " + deployed.restUrl());
      } else {
        console().info("not applied to any cluster (--local without --kubeconfig)");
      }
    } finally {
      FileUtils.deleteQuietly(scratch.toFile());
    }
    results.forEach(console()::result);
    return ExitCode.OK;
  }

  private ReleaseFetch releaseFetch() {
    if (!release.assetGiven()) {
      throw new ParameterException(spec.commandLine(),
          "missing --archive, or a release: " + EnvironmentDefaults.describe("--asset") + " with --repo");
    }
    return release.fetch();
  }
}
