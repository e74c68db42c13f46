package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.actions.Bytes;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.ProgressMeter;
import dev.tfsdeploy.image.BuiltImage;
import dev.tfsdeploy.image.ImageBuildListener;
import dev.tfsdeploy.image.ImageNames;
import dev.tfsdeploy.image.ImageTarget;
import dev.tfsdeploy.image.ModelImageBuilder;
import dev.tfsdeploy.image.ModelImageRequest;
import dev.tfsdeploy.image.Provenance;
import dev.tfsdeploy.image.RegistryCredentials;
import dev.tfsdeploy.image.SavedModelLayout;
import dev.tfsdeploy.model.ArchiveLimits;
import dev.tfsdeploy.model.ExtractRequest;
import dev.tfsdeploy.model.ExtractedModel;
import dev.tfsdeploy.model.ModelExtractor;
import dev.tfsdeploy.model.SavedModelValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code tfs-deploy build-image}: the model on TF Serving, as an image pushed by digest. */
@Command(
    name = "build-image",
    header = "Build the TF Serving image with the model and push it by digest.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Build a TF Serving image holding the model and push it by digest, without a Docker daemon.",
      "",
      "The image is the base plus /models/<name>/<version>/... and ENV MODEL_NAME=<name>; the"
          + " base's entrypoint, command, ports and environment are kept. The same model on the same"
          + " base gives the same digest. Prints REPOSITORY@sha256:... on stdout (REPOSITORY:TAG"
          + " with --to tar:PATH).",
      ""
    })
public final class BuildImageCommand extends StepCommand {
  /** A pinned TF Serving release; pin your own by digest for fully reproducible builds. */
  static final String DEFAULT_BASE = "tensorflow/serving:2.19.1";

  /** Where Docker's and Google's credentials are looked up. */
  private static final List<String> CREDENTIAL_VARIABLES =
      List.of("DOCKER_CONFIG", "GOOGLE_APPLICATION_CREDENTIALS", "CLOUDSDK_CONFIG", "HOME");

  @Option(names = "--model-dir", paramLabel = "DIR",
      description = "Model directory holding numeric versions (1/saved_model.pb, ...), as 'extract' writes it.")
  Path modelDir;

  @Option(names = "--archive", paramLabel = "FILE",
      description = "A model archive (tar.gz, tgz, tar, zip) to extract and validate on the way, instead of --model-dir.")
  Path archive;

  @Option(names = "--model-name", paramLabel = "NAME",
      description = "Name TF Serving serves the model as (/models/NAME, MODEL_NAME).")
  String modelName;

  @Option(names = "--base", paramLabel = "IMAGE",
      description = "Base image with TF Serving (default: " + DEFAULT_BASE + ").")
  String base;

  @Option(names = "--image", paramLabel = "REPOSITORY",
      description = "Repository to push to, without tag, e.g. us-docker.pkg.dev/PROJECT/REPO/NAME.")
  String image;

  @Option(names = "--tag", paramLabel = "TAG", split = ",",
      description = "Tag to push (repeatable). Default: the release tag when known, plus model-<digest>.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--to", paramLabel = "TARGET",
      description = "tar:PATH writes a 'docker load'-able tarball instead of pushing.")
  String to;

  @Option(names = "--insecure-registry",
      description = "Allow plain-HTTP registries (local test registries); credentials go over HTTP only to 127.0.0.1/localhost.")
  boolean insecureRegistry;

  @Option(names = "--release-tag", paramLabel = "TAG",
      description = "Release the model comes from: default tag and org.opencontainers.image.version label.")
  String releaseTag;

  @Option(names = "--repo", paramLabel = "OWNER/NAME",
      description = "GitHub repository of the release: org.opencontainers.image.source label.")
  String repo;

  @Option(names = "--revision", paramLabel = "SHA",
      description = "Commit the release tag points at: org.opencontainers.image.revision label.")
  String revision;

  @Override
  public Integer call() {
    if (archive != null && modelDir != null) {
      throw new ParameterException(spec.commandLine(), "give either --model-dir or --archive, not both");
    }
    if (archive == null) {
      return build(require(modelDir, "--model-dir"));
    }
    // The archive is unpacked (and validated) into a private directory that lives for this build only.
    Path scratch = createScratchDirectory();
    try {
      ExtractProgress progress = new ExtractProgress(console());
      ExtractedModel extracted =
          new ModelExtractor(progress)
              .extract(
                  new ExtractRequest(
                      archive, require(modelName, "--model-name"), scratch, null, "1", ArchiveLimits.DEFAULTS));
      progress.finish(extracted.bytes());
      return build(extracted.modelDir());
    } finally {
      FileUtils.deleteQuietly(scratch.toFile());
    }
  }

  private Integer build(Path dir) {
    ModelImageRequest request = request(dir);
    Console console = console();
    ProgressListener listener = new ProgressListener(console);
    ModelImageBuilder builder =
        new ModelImageBuilder(
            this::validate,
            RegistryCredentials.fromEnvironment(credentialEnvironment()),
            listener,
            VersionProvider.version());
    BuiltImage built;
    try (Console.Group ignored = console.group("build-image " + describe(request.target()))) {
      built = builder.build(request);
      listener.finish();
    }
    report(built, request.target());
    return ExitCode.OK;
  }

  /**
   * Nothing is pushed unless TF Serving could load it: the layout (numeric versions, no links),
   * then every version's saved_model.pb as extract and inspect check it.
   */
  private void validate(Path dir) {
    new SavedModelLayout().validate(dir);
    new SavedModelValidator()
        .validateModel(dir)
        .forEach(version -> version.warnings().forEach(console()::warn));
  }

  private static Path createScratchDirectory() {
    try {
      return Files.createTempDirectory("tfs-deploy-model");
    } catch (IOException e) {
      throw new UserError("cannot create a temporary directory: " + e.getMessage(), "check TMPDIR and free space", e);
    }
  }

  private ModelImageRequest request(Path dir) {
    String name = ImageNames.modelName(require(modelName, "--model-name"));
    return new ModelImageRequest(
        dir,
        name,
        ImageNames.base(base == null || base.isBlank() ? DEFAULT_BASE : base),
        target(),
        tags.stream().filter(tag -> !tag.isBlank()).map(String::strip).map(ImageNames::tag).toList(),
        present(releaseTag),
        new Provenance(present(repo).map(this::sourceUrl), present(releaseTag), present(revision)),
        insecureRegistry);
  }

  private ImageTarget target() {
    if (to == null || to.isBlank()) {
      return new ImageTarget.Registry(ImageNames.repository(require(image, "--image")));
    }
    if (!to.startsWith("tar:") || to.length() == "tar:".length()) {
      throw new UserError(
          "--to '" + to + "' is not a target",
          "use --to tar:PATH for a tarball, or leave --to out to push to --image");
    }
    String repository =
        image == null || image.isBlank() ? "tfserving-" + modelName.toLowerCase(Locale.ROOT) : image;
    return new ImageTarget.Tarball(Path.of(to.substring("tar:".length())), ImageNames.repository(repository));
  }

  /** The variables credential lookup reads (credential helpers also inherit the process's). */
  private Map<String, String> credentialEnvironment() {
    Map<String, String> environment = new HashMap<>();
    for (String name : CREDENTIAL_VARIABLES) {
      console().actions().get(name).ifPresent(value -> environment.put(name, value));
    }
    return environment;
  }

  private String sourceUrl(String ownerAndName) {
    String server = console().actions().get("GITHUB_SERVER_URL").orElse("https://github.com");
    return server.replaceAll("/+$", "") + "/" + ownerAndName;
  }

  private void report(BuiltImage built, ImageTarget target) {
    outputs().set("image", built.taggedReference());
    outputs().set("digest", built.digest());
    outputs().set("image-id", built.imageId());
    outputs().set("tags", String.join(",", built.tags()));
    if (target instanceof ImageTarget.Tarball tarball) {
      outputs().set("tarball", tarball.path().toAbsolutePath().toString());
      console().info("wrote " + tarball.path() + " (load it with: docker load -i " + tarball.path() + ")");
      console().result(built.taggedReference());
      return;
    }
    outputs().set("image-ref", built.digestReference());
    outputs().summary(
        "### Image\n\n`" + built.digestReference() + "`\n\ntags: "
            + String.join(", ", built.tags().stream().map(tag -> "`" + tag + "`").toList()));
    console().info("pushed " + built.repository() + " with tags " + String.join(", ", built.tags()));
    console().result(built.digestReference());
  }

  private static String describe(ImageTarget target) {
    return target instanceof ImageTarget.Tarball tarball
        ? "tar:" + tarball.path()
        : ImageNames.display(target.repository());
  }

  private static Optional<String> present(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** Shows Jib's progress on the console's meter and its messages as log lines. */
  private static final class ProgressListener implements ImageBuildListener {
    private final Console console;
    private volatile ProgressMeter meter;
    private volatile long bytes;

    ProgressListener(Console console) {
      this.console = console;
    }

    @Override
    public void planned(long bytes, int layers) {
      this.bytes = Math.max(1, bytes);
      console.info("model: " + Bytes.format(bytes) + " in " + layers + " layer" + (layers == 1 ? "" : "s"));
      this.meter = new ProgressMeter(console, "building and pushing", this.bytes);
    }

    @Override
    public void progress(double fraction) {
      ProgressMeter current = meter;
      if (current != null) {
        current.update((long) (Math.min(1.0, fraction) * bytes));
      }
    }

    @Override
    public void log(Level level, String message) {
      switch (level) {
        case WARN -> console.warn(message);
        case INFO -> console.info(message);
        case DEBUG -> console.debug(message);
      }
    }

    @Override
    public void secret(String value) {
      if (value != null && !value.isEmpty()) {
        console.mask(value);
      }
    }

    void finish() {
      ProgressMeter current = meter;
      if (current != null) {
        current.finish(bytes);
      }
    }
  }
}
