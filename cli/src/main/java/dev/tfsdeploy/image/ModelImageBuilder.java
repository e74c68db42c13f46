package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.image.ImageBuildListener.Level;
import dev.tfsdeploy.image.jib.CredentialsOverHttp;
import dev.tfsdeploy.image.jib.JibEvents;
import dev.tfsdeploy.model.VersionNames;
import dev.tfsdeploy.net.NetworkFailures;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Builds the serving image with Jib, without a Docker daemon: the base image's manifest and config
 * are read from its registry (its layers are only copied registry to registry when the target lacks
 * them), the model is added as layers (see {@link ModelLayers}) with {@code MODEL_NAME} set and
 * provenance labels, and the result is pushed by digest or written as a tarball. The base's
 * entrypoint, command, ports, volumes and environment are kept as they are, but for a model config:
 * then the entrypoint passes it to the server (see {@link ServerConfigLayer}).
 *
 * <p>The image is reproducible: the same model on the same base gives the same digest (fixed
 * timestamps, modes and ownership; creation time at the epoch; no build host details).
 */
public final class ModelImageBuilder {
  static final String TOOL_NAME = "tfs-deploy";

  private final ModelValidator validator;
  private final RegistryCredentials credentials;
  private final ImageBuildListener listener;
  private final String toolVersion;

  public ModelImageBuilder(
      ModelValidator validator,
      RegistryCredentials credentials,
      ImageBuildListener listener,
      String toolVersion) {
    this.validator = validator;
    this.credentials = credentials;
    this.listener = listener;
    this.toolVersion = toolVersion;
  }

  public BuiltImage build(ModelImageRequest request) {
    RegistryPreflight.requireResolvable(
        request.base(), request.target(), request.insecureRegistry());
    // Logging in to the target registry only reads: it runs while the model is validated, on a
    // thread of its own, so that a refused model is reported without waiting for it.
    CompletableFuture<Optional<TargetPreload>> login =
        BackgroundWork.onOwnThread("registry-login", () -> login(request));
    try {
      ModelDirectory model = scanned(request.modelDir()).with(request.addedFiles());
      try (LayerCache layerCache = LayerCache.create()) {
        List<FileEntriesLayer> layers = layers(request, model, layerCache);
        // The stored layers' first pass, which only reads and hashes, runs while the model is
        // validated too; nothing is sent and no directory made before the model is found valid.
        CompletableFuture<Void> validated = new CompletableFuture<>();
        CompletableFuture<Optional<TargetPreload>> preload =
            validated.thenCombineAsync(
                login, (valid, opened) -> mounted(request, opened), layerCache.executor());
        MonotonicProgress progress = new MonotonicProgress(listener);
        StoredLayers stored =
            StoredLayers.start(
                layers,
                request.compression(),
                layerCache,
                () -> BackgroundWork.join(preload),
                progress,
                model.bytes(),
                listener);
        List<Long> served;
        try {
          served = validate(request, model);
        } catch (RuntimeException e) {
          validated.completeExceptionally(e);
          throw e;
        }
        listener.planned(model.bytes(), layers.size());
        validated.complete(null);
        return push(request, layers, layerCache, stored, preload, progress, served);
      }
    } finally {
      // Now, or once the login ends; nothing waits for it.
      var unused = login.thenAccept(opened -> opened.ifPresent(TargetPreload::close));
    }
  }

  /**
   * The model's layers, and the model config's when there is one: a model digest covers how the
   * model is served too.
   */
  private static List<FileEntriesLayer> layers(
      ModelImageRequest request, ModelDirectory model, LayerCache layerCache) {
    List<FileEntriesLayer> layers = new ArrayList<>(ModelLayers.plan(model, request.modelName()));
    request
        .modelConfig()
        .ifPresent(
            config ->
                layers.add(
                    ServerConfigLayer.of(config, layerCache.directory().resolve("model-config"))));
    return layers;
  }

  /**
   * Builds and pushes (or writes) the image of a valid model. The stored layers (measured, then
   * sent), the base's layers being mounted into the target and the model's digest (from the layers'
   * diff IDs) run at once. Jib starts once the mounts are done and the digest is known (its tags
   * and labels), does all it can, and waits for each stored layer (StoredLayerGate), which it then
   * finds in place.
   */
  private BuiltImage push(
      ModelImageRequest request,
      List<FileEntriesLayer> layers,
      LayerCache layerCache,
      StoredLayers stored,
      CompletableFuture<Optional<TargetPreload>> preload,
      MonotonicProgress progress,
      List<Long> served) {
    Optional<StagedTarball> tarball = StagedTarball.of(request.target());
    CredentialTrail baseTrail = new CredentialTrail();
    CredentialTrail targetTrail = new CredentialTrail();
    try (CredentialsOverHttp ignored =
        CredentialsOverHttp.allowIf(sendsCredentialsOverHttp(request))) {
      CompletableFuture<String> modelDigest =
          CompletableFuture.supplyAsync(
              () -> ModelDigest.of(layers, stored::diffId), layerCache.executor());
      BackgroundWork.join(preload);
      String digest = BackgroundWork.join(modelDigest);
      List<String> tags = tags(request, digest);
      Containerizer containerizer = containerizer(request.target(), tarball, tags, targetTrail);
      configure(containerizer, request.insecureRegistry(), progress);
      containerizer
          .addEventHandler(LogEvent.class, new StoredLayerGate(stored))
          .setApplicationLayersCache(layerCache.directory())
          .setExecutorService(layerCache.executor());
      JibContainer result =
          container(request, layers, digest, baseTrail).containerize(containerizer);
      stored.awaitAll();
      tarball.ifPresent(StagedTarball::publish);
      progress.report(1.0);
      return new BuiltImage(
          ImageNames.display(request.target().repository()),
          tags,
          result.getDigest().toString(),
          result.getImageId().toString(),
          digest,
          request.target() instanceof ImageTarget.Registry,
          served);
    } catch (Exception e) {
      tarball.ifPresent(StagedTarball::discard);
      Optional<UserError> userError = userErrorIn(e);
      if (userError.isPresent()) {
        throw userError.get(); // also when Jib failed on it: a stored layer it waited for
      }
      throw new JibFailures(
              request.base(), request.target(), baseTrail, targetTrail, request.insecureRegistry())
          .explain(e);
    }
  }

  /** The user error {@code e} is or was caused by, if any. */
  private static Optional<UserError> userErrorIn(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UserError userError) {
        return Optional.of(userError);
      }
    }
    return Optional.empty();
  }

  /**
   * The model's files, listed before validation so that the stored layers' first pass can start on
   * them. A directory too broken to list is reported as validation reports it.
   */
  private ModelDirectory scanned(Path modelDir) {
    try {
      return ModelDirectory.scan(modelDir);
    } catch (RuntimeException e) {
      validator.validate(modelDir); // names the problem better, if it finds one
      throw e;
    }
  }

  /**
   * Everything checked before anything is sent: the model, its config against its versions, and the
   * registries' schemes. Returns the versions the config serves; empty without a config.
   */
  private List<Long> validate(ModelImageRequest request, ModelDirectory model) {
    validator.validate(request.modelDir());
    SortedSet<Long> versions = new TreeSet<>();
    model.versions().forEach(v -> versions.add(VersionNames.parse(v.name()).orElseThrow()));
    List<Long> served =
        request.modelConfig().map(config -> List.copyOf(config.served(versions))).orElse(List.of());
    if (!model.ignored().isEmpty()) {
      listener.log(
          Level.INFO,
          "left out of the image (not version directories): " + String.join(", ", model.ignored()));
    }
    RegistryPreflight.requireHttpsUnlessAllowed(
        request.base(), request.target(), request.insecureRegistry());
    return served;
  }

  /**
   * A login to the target registry (see {@link TargetPreload}); empty for a tarball target or when
   * it fails.
   */
  private Optional<TargetPreload> login(ModelImageRequest request) {
    if (!(request.target() instanceof ImageTarget.Registry target)) {
      return Optional.empty();
    }
    return TargetPreload.open(
        target.repository(),
        baseReference(request),
        credentials,
        request.insecureRegistry(),
        sendsCredentialsOverHttp(request),
        listener);
  }

  /** The login, with the base's layers mounted into the target repository when they can be. */
  private static Optional<TargetPreload> mounted(
      ModelImageRequest request, Optional<TargetPreload> login) {
    login.ifPresent(preload -> baseReference(request).ifPresent(preload::mountBaseLayers));
    return login;
  }

  private static Optional<ImageReference> baseReference(ModelImageRequest request) {
    return request.base() instanceof BaseImage.Registry registry
        ? Optional.of(registry.reference())
        : Optional.empty();
  }

  /** The base with the model layers, MODEL_NAME and the provenance labels on top. */
  private JibContainerBuilder container(
      ModelImageRequest request,
      List<FileEntriesLayer> layers,
      String modelDigest,
      CredentialTrail baseTrail) {
    JibContainerBuilder container =
        base(request.base(), baseTrail)
            .setFileEntriesLayers(layers)
            .addEnvironmentVariable("MODEL_NAME", request.modelName());
    if (request.modelConfig().isPresent()) {
      container.setEntrypoint(ServerConfigLayer.entrypoint());
    }
    request
        .provenance()
        .labels(request.modelName(), request.base().describe(), modelDigest)
        .forEach(container::addLabel);
    return container;
  }

  /**
   * Jib's builder from the base: read from its registry (with credentials), or from a saved
   * tarball.
   */
  private JibContainerBuilder base(BaseImage base, CredentialTrail baseTrail) {
    if (base instanceof BaseImage.Tarball tarball) {
      return Jib.from(TarImage.at(tarball.path()));
    }
    ImageReference reference = ((BaseImage.Registry) base).reference();
    RegistryImage image = RegistryImage.named(reference);
    credentials.addTo(image, reference, listener, baseTrail);
    return Jib.from(image);
  }

  private void configure(
      Containerizer containerizer, boolean insecureRegistry, MonotonicProgress progress) {
    containerizer
        .setAllowInsecureRegistries(insecureRegistry)
        .setToolName(TOOL_NAME)
        .setToolVersion(toolVersion)
        .addEventHandler(LogEvent.class, new JibLog(listener));
    JibEvents.report(containerizer, progress::report, this::time);
  }

  private Containerizer containerizer(
      ImageTarget target,
      Optional<StagedTarball> tarball,
      List<String> tags,
      CredentialTrail trail) {
    ImageReference primary = target.repository().withQualifier(tags.get(0));
    Containerizer containerizer;
    if (tarball.isPresent()) {
      containerizer = Containerizer.to(TarImage.at(tarball.get().staged()).named(primary));
    } else {
      RegistryImage image = RegistryImage.named(primary);
      credentials.addTo(image, primary, listener, trail);
      containerizer = Containerizer.to(image);
    }
    tags.subList(1, tags.size()).forEach(containerizer::withAdditionalTag);
    return containerizer;
  }

  /** The explicit tags, or the release tag (when known) and the model tag. */
  static List<String> tags(ModelImageRequest request, String modelDigest) {
    if (!request.tags().isEmpty()) {
      return request.tags().stream().distinct().toList();
    }
    List<String> tags = new ArrayList<>();
    request.releaseTag().map(ImageNames::fromReleaseTag).ifPresent(tags::add);
    tags.add(ImageNames.modelTag(modelDigest));
    return tags.stream().distinct().toList();
  }

  /** Step durations, for --debug: where a slow build spends its time. */
  private void time(String step, Duration elapsed) {
    listener.log(
        Level.DEBUG,
        String.format(Locale.ROOT, "%s took %.2f s", step, elapsed.toMillis() / 1000.0));
  }

  /**
   * Whether logins may go over plain HTTP. Jib sends credentials over plain HTTP only when told to,
   * for all registries at once; that is safe only when it was asked for (--insecure-registry) and
   * every registry involved is on this machine.
   */
  private static boolean sendsCredentialsOverHttp(ModelImageRequest request) {
    return request.insecureRegistry() && onlyLoopback(request);
  }

  private static boolean onlyLoopback(ModelImageRequest request) {
    boolean baseIsLocal =
        !(request.base() instanceof BaseImage.Registry base)
            || isLoopback(base.reference().getRegistry());
    return request.target() instanceof ImageTarget.Registry
        ? baseIsLocal && isLoopback(request.target().repository().getRegistry())
        : baseIsLocal;
  }

  static boolean isLoopback(String registry) {
    String host = NetworkFailures.hostOf(registry);
    if (host.equals("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // only literal addresses: a name could resolve elsewhere tomorrow
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
