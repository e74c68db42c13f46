package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.files.OutputPaths;
import dev.tfsdeploy.image.BaseImage;
import dev.tfsdeploy.image.ImageNames;
import dev.tfsdeploy.image.ImageProvenance;
import dev.tfsdeploy.image.ImageTarget;
import dev.tfsdeploy.image.LayerCompression;
import dev.tfsdeploy.model.SavedModelValidator;
import dev.tfsdeploy.pipeline.ImageBuild;
import dev.tfsdeploy.serving.ModelConfig;
import dev.tfsdeploy.serving.WarmupFile;
import dev.tfsdeploy.warmup.WarmupSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * What the image is built on and where it goes (a picocli mixin shared by build-image and run):
 * base, repository or tarball, tags, and the Google Cloud project and location that name the
 * default Artifact Registry repository.
 */
final class ImageOptions {
  /** A pinned TF Serving release; pin your own by digest for fully reproducible builds. */
  static final String DEFAULT_BASE = "tensorflow/serving:2.19.1";

  /** The Artifact Registry repository the default --image lives in. */
  static final String DEFAULT_REPOSITORY = "tfs-deploy";

  /** A GKE zone (us-central1-a) or region (us-central1); Artifact Registry is regional. */
  private static final Pattern LOCATION = Pattern.compile("([a-z]+-[a-z]+[0-9]+)(-[a-z])?");

  @Option(
      names = "--base",
      paramLabel = "IMAGE",
      description =
          "Base image with TF Serving, or tar:FILE for one saved by `docker save` (no network"
              + " needed) (env BASE_IMAGE_TAG; default: "
              + DEFAULT_BASE
              + ").")
  String base;

  @Option(
      names = "--image",
      paramLabel = "REPOSITORY",
      description =
          "Repository to push to, without tag (default with --project and --location:"
              + " REGION-docker.pkg.dev/PROJECT/"
              + DEFAULT_REPOSITORY
              + "/MODEL).")
  String image;

  @Option(
      names = "--image-tag",
      paramLabel = "TAG",
      split = ",",
      description =
          "Tag to push (repeatable; env TFS_DEPLOY_IMAGE_TAG, comma-separated)."
              + " Default: the release tag when known, plus model-<digest>.")
  List<String> tags = new ArrayList<>();

  // --image-tag's old name. TFS_DEPLOY_TAG, its variable, was also download's release tag, so a
  // job-wide TFS_DEPLOY_TAG meant for one became the other; see takeDeprecatedTags.
  @Option(
      names = "--tag",
      paramLabel = "TAG",
      split = ",",
      hidden = true,
      description = "Deprecated: --image-tag.")
  List<String> deprecatedTags = new ArrayList<>();

  @Option(
      names = "--to",
      paramLabel = "TARGET",
      description = "tar:PATH writes a 'docker load'-able tarball instead of pushing.")
  String to;

  @Option(
      names = "--insecure-registry",
      description =
          "Allow plain-HTTP registries (local test registries); credentials go over HTTP only to"
              + " 127.0.0.1/localhost.")
  boolean insecureRegistry;

  @Option(
      names = "--layer-compression",
      paramLabel = "HOW",
      description =
          "How model layers are compressed: auto (stored when the files barely compress, as weights"
              + " do; gzip otherwise), gzip (smallest, slowest) or stored (fastest). Default:"
              + " ${DEFAULT-VALUE}.",
      defaultValue = "auto")
  LayerCompression layerCompression = LayerCompression.AUTO;

  @Option(
      names = "--revision",
      paramLabel = "SHA",
      description = "Commit the release tag points at: org.opencontainers.image.revision label.")
  String revision;

  @Option(
      names = "--project",
      paramLabel = "PROJECT",
      description =
          "Google Cloud project (env GCP_PROJECT_ID, CLOUDSDK_CORE_PROJECT, GOOGLE_CLOUD_PROJECT);"
              + " with --location it names the default --image.")
  String project;

  @Option(
      names = "--location",
      paramLabel = "LOCATION",
      description = "GKE zone or region (env GKE_ZONE); its region hosts the default --image.")
  String location;

  @Option(
      names = "--warmup-request",
      paramLabel = "FILE",
      description =
          "Write warmup records into every version (assets.extra/tf_serving_warmup_requests, which"
              + " TF Serving replays before the version serves) from this REST predict body,"
              + " converted as loadtest --protocol grpc converts it.")
  Path warmupRequest;

  @Option(
      names = "--warmup-from-signature",
      paramLabel = "SIGNATURE",
      arity = "0..1",
      fallbackValue = SavedModelValidator.DEFAULT_SIGNATURE,
      description =
          "Write warmup records generated from the signature's inputs (default "
              + SavedModelValidator.DEFAULT_SIGNATURE
              + "), as loadtest --from-signature generates requests.")
  String warmupSignature;

  @Option(
      names = "--warmup-records",
      paramLabel = "N",
      description =
          "Warmup records per version, 1 to "
              + WarmupFile.MAX_RECORDS
              + " (default: "
              + WarmupSpec.DEFAULT_RECORDS
              + ").")
  Integer warmupRecords;

  @Option(
      names = "--version-policy",
      paramLabel = "POLICY",
      description =
          "Which versions TF Serving serves at once: latest:N (the newest N), all, or"
              + " specific:V[,V...]. Written with the labels into the image as the server's"
              + " --model_config_file (default: none, TF Serving serves the newest version).")
  String versionPolicy;

  @Option(
      names = "--version-label",
      paramLabel = "NAME=V",
      split = ",",
      description =
          "A version label clients can ask for (/v1/models/MODEL/labels/NAME), e.g. stable=1"
              + " (repeatable or comma-separated); each must be a version the policy serves.")
  List<String> versionLabels = new ArrayList<>();

  @Option(
      names = "--model-config",
      paramLabel = "FILE",
      description =
          "A ready TF Serving model config (text ModelServerConfig with one model_config_list"
              + " entry for this model), checked and written into the image, instead of"
              + " --version-policy and --version-label.")
  Path modelConfig;

  /** The deprecation warning for --tag and TFS_DEPLOY_TAG. */
  private static final String TAG_DEPRECATED =
      "--tag (TFS_DEPLOY_TAG) is deprecated: use --image-tag (TFS_DEPLOY_IMAGE_TAG);"
          + " download reads TFS_DEPLOY_TAG as the release tag";

  /** True when the deprecated --tag or TFS_DEPLOY_TAG gave tags. */
  boolean deprecatedTagsGiven() {
    return deprecatedTags.stream().anyMatch(tag -> !tag.isBlank());
  }

  /**
   * Takes the tags the deprecated --tag (or TFS_DEPLOY_TAG) gave as image tags, after a warning.
   */
  void takeDeprecatedTags(Consumer<String> warnings) {
    if (deprecatedTagsGiven()) {
      warnings.accept(TAG_DEPRECATED);
      List<String> all = new ArrayList<>(tags);
      all.addAll(deprecatedTags);
      tags = all;
      deprecatedTags = new ArrayList<>();
    }
  }

  /** The build these options describe; base and target are checked now, before any work. */
  ImageBuild.Request toRequest(
      String modelName, String releaseTag, String repo, ActionsEnvironment env) {
    String name = ImageNames.modelName(modelName);
    ImageTarget target = target(name); // before the base, as the step commands always checked them
    return new ImageBuild.Request(
        name,
        baseImage(),
        target,
        tags.stream()
            .filter(tag -> !tag.isBlank())
            .map(String::strip)
            .map(ImageNames::tag)
            .toList(),
        present(releaseTag),
        new ImageProvenance(
            present(repo).map(ownerAndName -> sourceUrl(env, ownerAndName)),
            present(releaseTag),
            present(revision)),
        insecureRegistry,
        layerCompression,
        warmup(),
        modelConfig(name));
  }

  /** How TF Serving is to serve the model, if the options say; checked before any work. */
  private Optional<ModelConfig> modelConfig(String modelName) {
    List<String> labels = versionLabels.stream().filter(label -> !label.isBlank()).toList();
    boolean options = present(versionPolicy).isPresent() || !labels.isEmpty();
    if (modelConfig != null) {
      if (options) {
        throw new UserError(
            "--model-config and --version-policy/--version-label both configure the model",
            "put the policy and labels into the --model-config file, or leave --model-config out");
      }
      return Optional.of(
          ModelConfig.read(modelConfig, modelName, ImageNames.modelBasePath(modelName)));
    }
    return options
        ? Optional.of(ModelConfig.fromOptions(modelName, versionPolicy, labels))
        : Optional.empty();
  }

  /** The warmup records asked for, if any; checked before any work. */
  private Optional<WarmupSpec> warmup() {
    if (warmupRequest != null && present(warmupSignature).isPresent()) {
      throw new UserError(
          "--warmup-request and --warmup-from-signature both give warmup records",
          "pass one of them");
    }
    int records = warmupRecords == null ? WarmupSpec.DEFAULT_RECORDS : warmupRecords;
    if (warmupRequest != null) {
      return Optional.of(WarmupSpec.fromRequest(warmupRequest, records));
    }
    if (present(warmupSignature).isPresent()) {
      return Optional.of(WarmupSpec.fromSignature(warmupSignature.strip(), records));
    }
    if (warmupRecords != null) {
      throw new UserError(
          "--warmup-records " + warmupRecords + " without warmup requests to write",
          "add --warmup-request FILE or --warmup-from-signature");
    }
    return Optional.empty();
  }

  /** The base: a registry reference, or a {@code docker save} tarball that must exist. */
  private BaseImage baseImage() {
    return ImageNames.baseImage(present(base).orElse(DEFAULT_BASE));
  }

  /** Where the image goes; checked before any work so a wrong target fails fast. */
  ImageTarget target(String modelName) {
    ImageNames.modelName(modelName);
    Optional<String> tarball = present(to);
    if (tarball.isEmpty()) {
      return new ImageTarget.Registry(ImageNames.repository(repository(modelName)));
    }
    if (!tarball.get().startsWith("tar:") || tarball.get().length() == "tar:".length()) {
      throw new UserError(
          "--to '" + to + "' is not a target",
          "use --to tar:PATH for a tarball, or leave --to out to push to --image");
    }
    String repository = present(image).orElse("tfserving-" + modelName.toLowerCase(Locale.ROOT));
    Path path = Path.of(tarball.get().substring("tar:".length()));
    OutputPaths.file(
        path, "--to " + tarball.get()); // a dangling link or a directory fails before the build
    return new ImageTarget.Tarball(path, ImageNames.repository(repository));
  }

  /**
   * Lets {@code orElse} supply the project when the default repository needs one (no --image, no
   * --to) and none was given: on Compute Engine or GKE, the metadata server's.
   */
  void defaultProject(UnaryOperator<String> orElse) {
    if (present(image).isEmpty()
        && present(to).isEmpty()
        && present(project).isEmpty()
        && present(location).isPresent()) {
      project = orElse.apply(project);
    }
  }

  /** --image, else the Artifact Registry repository named by --project and --location. */
  private String repository(String modelName) {
    Optional<String> given = present(image);
    if (given.isPresent()) {
      return given.get();
    }
    if (present(project).isEmpty() || present(location).isEmpty()) {
      throw new UserError(
          "no image repository to push to",
          "pass --image REPOSITORY, or --project and --location for REGION-docker.pkg.dev/PROJECT/"
              + DEFAULT_REPOSITORY
              + "/"
              + modelName.toLowerCase(Locale.ROOT)
              + ", or --to tar:PATH");
    }
    return artifactRegistry(project.strip(), location.strip(), modelName);
  }

  /** {@code REGION-docker.pkg.dev/PROJECT/tfs-deploy/MODEL} for a GKE zone or region. */
  static String artifactRegistry(String project, String location, String modelName) {
    Matcher matcher = LOCATION.matcher(location);
    if (!matcher.matches()) {
      throw new UserError(
          "--location '" + location + "' is not a Google Cloud zone or region",
          "write it as a region (us-central1) or zone (us-central1-a), or pass --image");
    }
    return matcher.group(1)
        + "-docker.pkg.dev/"
        + project
        + "/"
        + DEFAULT_REPOSITORY
        + "/"
        + modelName.toLowerCase(Locale.ROOT);
  }

  private static String sourceUrl(ActionsEnvironment env, String ownerAndName) {
    String server = env.get("GITHUB_SERVER_URL").orElse("https://github.com");
    return server.replaceAll("/+$", "") + "/" + ownerAndName;
  }

  static Optional<String> present(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }
}
