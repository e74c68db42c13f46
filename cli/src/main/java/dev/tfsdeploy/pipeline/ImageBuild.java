package dev.tfsdeploy.pipeline;

import com.google.cloud.tools.jib.api.ImageReference;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.ProgressMeter;
import dev.tfsdeploy.actions.StepOutputs;
import dev.tfsdeploy.cluster.kubeconfig.JavaLauncher;
import dev.tfsdeploy.image.AddedFile;
import dev.tfsdeploy.image.BaseImage;
import dev.tfsdeploy.image.BuiltImage;
import dev.tfsdeploy.image.ImageBuildListener;
import dev.tfsdeploy.image.ImageNames;
import dev.tfsdeploy.image.ImageProvenance;
import dev.tfsdeploy.image.ImageTarget;
import dev.tfsdeploy.image.LayerCompression;
import dev.tfsdeploy.image.ModelImageBuilder;
import dev.tfsdeploy.image.ModelImageRequest;
import dev.tfsdeploy.image.ModelValidator;
import dev.tfsdeploy.image.RegistryCredentials;
import dev.tfsdeploy.image.SavedModelLayout;
import dev.tfsdeploy.image.WorkerImageBuilder;
import dev.tfsdeploy.image.WorkerImageRequest;
import dev.tfsdeploy.model.ArchiveLimits;
import dev.tfsdeploy.model.ExtractRequest;
import dev.tfsdeploy.model.ExtractedModel;
import dev.tfsdeploy.model.ModelExtractor;
import dev.tfsdeploy.model.SavedModelValidator;
import dev.tfsdeploy.model.ValidatedVersion;
import dev.tfsdeploy.serving.ModelConfig;
import dev.tfsdeploy.serving.WarmupFile;
import dev.tfsdeploy.storage.GcsModelDownload;
import dev.tfsdeploy.text.Bytes;
import dev.tfsdeploy.warmup.WarmupSpec;
import dev.tfsdeploy.warmup.WarmupWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.FileUtils;

/**
 * The build step as {@code build-image} and {@code run} both take it: an archive extracted and
 * validated on the way (or a model directory), the image built and written, and the result reported
 * the same way.
 */
public final class ImageBuild {
  /** Where Docker's and Google's credentials are looked up. */
  private static final List<String> CREDENTIAL_VARIABLES =
      List.of(
          "DOCKER_CONFIG",
          "GOOGLE_APPLICATION_CREDENTIALS",
          "CLOUDSDK_CONFIG",
          "HOME",
          "GCE_METADATA_HOST",
          "NO_GCE_CHECK");

  private final StepContext context;
  private final Console console;

  public ImageBuild(StepContext context) {
    this.context = context;
    this.console = context.console();
  }

  /**
   * The model to build from: a directory of numeric versions, or an archive extracted (and
   * validated) on the way.
   */
  public record ModelInput(Path path, boolean archive) {
    public static ModelInput directory(Path path) {
      return new ModelInput(path, false);
    }

    public static ModelInput archive(Path path) {
      return new ModelInput(path, true);
    }
  }

  /**
   * The image to build: {@link ModelImageRequest}'s fields but the model, which may still be
   * downloading.
   */
  public record Request(
      String modelName,
      BaseImage base,
      ImageTarget target,
      List<String> tags,
      Optional<String> releaseTag,
      ImageProvenance provenance,
      boolean insecureRegistry,
      LayerCompression compression,
      Optional<WarmupSpec> warmup,
      Optional<ModelConfig> modelConfig) {
    public Request {
      tags = List.copyOf(tags);
    }

    /**
     * The same image for a release known only once it is downloaded: its default tag and version
     * label.
     */
    public Request withReleaseTag(String tag) {
      Optional<String> release = Optional.ofNullable(tag).filter(t -> !t.isBlank());
      return new Request(
          modelName,
          base,
          target,
          tags,
          release,
          new ImageProvenance(provenance.source(), release, provenance.revision()),
          insecureRegistry,
          compression,
          warmup,
          modelConfig);
    }

    /**
     * The same image for a model whose source is known only once it is downloaded: a Cloud Storage
     * object's {@code gs://…#generation} as the {@code org.opencontainers.image.source} label.
     */
    public Request withModelSource(String source) {
      return new Request(
          modelName,
          base,
          target,
          tags,
          releaseTag,
          new ImageProvenance(Optional.of(source), provenance.version(), provenance.revision()),
          insecureRegistry,
          compression,
          warmup,
          modelConfig);
    }

    ModelImageRequest forModelDirectory(Path modelDir) {
      return new ModelImageRequest(
          modelDir,
          modelName,
          base,
          target,
          tags,
          releaseTag,
          provenance,
          insecureRegistry,
          compression,
          List.of(),
          modelConfig);
    }
  }

  /** Builds {@code model} into the image and writes it (pushes it, or saves a tarball). */
  public BuiltImage build(ModelInput model, Request request) {
    if (!model.archive()) {
      return fromModelDir(request.forModelDirectory(model.path()), request.warmup());
    }
    // The archive is unpacked, every version validated, into a directory that lives for this build
    // only.
    Path scratch = ScratchDirectory.create("tfs-deploy-model");
    try {
      ExtractProgress progress = new ExtractProgress(console);
      ExtractedModel extracted =
          new ModelExtractor(progress)
              .extract(
                  new ExtractRequest(
                      model.path(),
                      request.modelName(),
                      scratch,
                      null,
                      null,
                      ArchiveLimits.DEFAULTS));
      progress.finish(extracted.bytes());
      return fromModelDir(request.forModelDirectory(extracted.modelDir()), request.warmup());
    } finally {
      FileUtils.deleteQuietly(scratch.toFile());
    }
  }

  /**
   * Builds from a model in Cloud Storage, downloaded for this build only; the image's source label
   * is the object's {@code gs://…#generation}.
   */
  public BuiltImage build(GcsDownload.Request model, Request request) {
    Path scratch = ScratchDirectory.create("tfs-deploy-gcs");
    try {
      GcsDownload download = new GcsDownload(context);
      GcsModelDownload.Fetched fetched = download.into(scratch, request.modelName(), model);
      download.reportSource(fetched);
      return build(GcsDownload.modelInput(fetched), request.withModelSource(fetched.provenance()));
    } finally {
      FileUtils.deleteQuietly(scratch.toFile());
    }
  }

  /**
   * Builds the model, with warmup files written into every version when asked for: the model is
   * validated first then, since the requests are made from each version's signatures.
   */
  private BuiltImage fromModelDir(ModelImageRequest request, Optional<WarmupSpec> warmup) {
    if (warmup.isEmpty()) {
      return fromModelDir(request, this::validate);
    }
    List<ValidatedVersion> versions = validate(request.modelDir());
    Path scratch = ScratchDirectory.create("tfs-deploy-warmup");
    try {
      WarmupWriter writer = new WarmupWriter(request.modelName(), warmup.get());
      List<AddedFile> files = new ArrayList<>();
      for (ValidatedVersion version : versions) {
        String name = version.directory().getFileName().toString();
        Path file = scratch.resolve(name).resolve(WarmupFile.PATH);
        int records = writer.write(version, file);
        console.info("version " + name + ": " + records + " warmup records in " + WarmupFile.PATH);
        files.add(new AddedFile(name, WarmupFile.PATH, file));
      }
      // Validated above; the layout check has nothing new to find either.
      return fromModelDir(request.withAddedFiles(files), dir -> {});
    } finally {
      FileUtils.deleteQuietly(scratch.toFile());
    }
  }

  private BuiltImage fromModelDir(ModelImageRequest request, ModelValidator validator) {
    ProgressListener listener =
        new ProgressListener(
            console,
            request.target() instanceof ImageTarget.Tarball
                ? "building and writing"
                : "building and pushing");
    ModelImageBuilder builder =
        new ModelImageBuilder(
            validator,
            RegistryCredentials.fromEnvironment(credentialEnvironment()),
            listener,
            context.version());
    try (Console.Group ignored = console.group("build-image " + describe(request.target()))) {
      BuiltImage built = builder.build(request);
      listener.finish();
      return built;
    }
  }

  /**
   * The load workers' image: the running jar on {@code base} (a JRE), pushed as {@code target};
   * returns it by digest.
   */
  public String workerImage(String base, ImageReference target, boolean insecureRegistry) {
    ProgressListener listener = new ProgressListener(console, "building and pushing");
    WorkerImageBuilder builder =
        new WorkerImageBuilder(
            RegistryCredentials.fromEnvironment(credentialEnvironment()),
            listener,
            context.version());
    Path jar = JavaLauncher.codeSource(context.mainClass());
    try (Console.Group ignored = console.group("worker image " + target)) {
      console.info("the workers' image: " + jar.getFileName() + " on " + base + " -> " + target);
      return builder.build(
          new WorkerImageRequest(
              ImageNames.parse(base, "--worker-base"), jar, target, insecureRegistry));
    }
  }

  /** The reference to deploy: by digest when pushed; a tarball's loaded name otherwise. */
  public static String reference(BuiltImage built) {
    return built.pushed() ? built.digestReference() : built.taggedReference();
  }

  /**
   * Outputs {@code image}, {@code digest}, {@code image-id}, {@code tags}, and {@code image-ref}
   * and {@code repository} (pushed) or {@code tarball}; a job summary for a pushed image.
   */
  public void report(BuiltImage built, ImageTarget target) {
    StepOutputs outputs = context.outputs();
    outputs.set("image", built.taggedReference());
    outputs.set("digest", built.digest());
    outputs.set("image-id", built.imageId());
    outputs.set("tags", String.join(",", built.tags()));
    if (target instanceof ImageTarget.Tarball tarball) {
      outputs.set("tarball", tarball.path().toAbsolutePath().toString());
      console.info(
          "wrote " + tarball.path() + " (load it with: docker load -i " + tarball.path() + ")");
      return;
    }
    outputs.set("image-ref", built.digestReference());
    // What a provenance attestation names as its subject, with the digest.
    outputs.set("repository", built.repository());
    outputs.summary(
        "### Image\n\n`"
            + built.digestReference()
            + "`\n\ntags: "
            + String.join(", ", built.tags().stream().map(tag -> "`" + tag + "`").toList()));
    console.info("pushed " + built.repository() + " with tags " + String.join(", ", built.tags()));
  }

  /**
   * Nothing is pushed unless TF Serving could load it: the layout (numeric versions, no links),
   * then every version's saved_model.pb as extract and inspect check it.
   */
  private List<ValidatedVersion> validate(Path dir) {
    new SavedModelLayout().validate(dir);
    List<ValidatedVersion> versions = new SavedModelValidator().validateModel(dir);
    for (ValidatedVersion version : versions) {
      version.warnings().forEach(console::warn);
      version
          .warmupRecords()
          .ifPresent(
              count ->
                  console.info(
                      "version "
                          + version.directory().getFileName()
                          + ": "
                          + WarmupFile.describe(count)));
    }
    return versions;
  }

  /** The variables credential lookup reads (credential helpers also inherit the process's). */
  private Map<String, String> credentialEnvironment() {
    Map<String, String> environment = new HashMap<>();
    for (String name : CREDENTIAL_VARIABLES) {
      console.actions().get(name).ifPresent(value -> environment.put(name, value));
    }
    return environment;
  }

  private static String describe(ImageTarget target) {
    return target instanceof ImageTarget.Tarball tarball
        ? "tar:" + tarball.path()
        : ImageNames.display(target.repository());
  }

  /** Shows Jib's progress on the console's meter and its messages as log lines. */
  private static final class ProgressListener implements ImageBuildListener {
    private final Console console;

    /** What the meter says is under way: a tarball is written, not pushed. */
    private final String activity;

    private volatile ProgressMeter meter;
    private volatile long bytes;

    ProgressListener(Console console, String activity) {
      this.console = console;
      this.activity = activity;
    }

    @Override
    public void planned(long bytes, int layers) {
      this.bytes = Math.max(1, bytes);
      console.info(
          "model: " + Bytes.format(bytes) + " in " + layers + " layer" + (layers == 1 ? "" : "s"));
      this.meter = new ProgressMeter(console, activity, this.bytes);
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
