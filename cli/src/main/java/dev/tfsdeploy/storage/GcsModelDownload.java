package dev.tfsdeploy.storage;

import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.files.OutputPaths;
import dev.tfsdeploy.model.ExtractListener;
import dev.tfsdeploy.model.ExtractedModel;
import dev.tfsdeploy.model.ModelExtractor;
import dev.tfsdeploy.model.VersionNames;
import dev.tfsdeploy.release.Retries;
import dev.tfsdeploy.release.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Downloads a model from Cloud Storage: an archive object, saved as a release asset is (to be
 * extracted as one), or the objects under a prefix holding a SavedModel directory ({@code
 * PATH/saved_model.pb} or {@code PATH/<version>/saved_model.pb}), placed and validated as an
 * extracted archive is ({@code outDir/modelName/<version>/}).
 */
public final class GcsModelDownload {
  private static final String SAVED_MODEL_PB = "saved_model.pb";
  private static final int LISTED_AT_MOST = 10;

  private final CloudStorage storage;
  private final RetryPolicy policy;
  private final StorageListener listener;
  private final ExtractListener extractListener;
  private final long rangeSize;
  private final int parallelism;

  public GcsModelDownload(
      CloudStorage storage,
      RetryPolicy policy,
      StorageListener listener,
      ExtractListener extractListener) {
    this(
        storage,
        policy,
        listener,
        extractListener,
        ObjectDownload.DEFAULT_RANGE,
        ObjectDownload.DEFAULT_PARALLELISM);
  }

  /**
   * @param rangeSize the bytes one ranged read covers; objects up to twice that are read whole
   * @param parallelism how many ranges are read at once
   */
  public GcsModelDownload(
      CloudStorage storage,
      RetryPolicy policy,
      StorageListener listener,
      ExtractListener extractListener,
      long rangeSize,
      int parallelism) {
    this.storage = storage;
    this.policy = policy;
    this.listener = listener;
    this.extractListener = extractListener;
    this.rangeSize = rangeSize;
    this.parallelism = parallelism;
  }

  /**
   * What to download and where.
   *
   * @param outDir the directory the archive, or the model directory, is written into
   * @param modelName the model directory's name for a prefix; null for the prefix's last name
   */
  public record Request(GcsUri uri, Path outDir, String modelName) {}

  /**
   * What was downloaded.
   *
   * @param archive true for an archive object (at {@code path}); false for a model directory
   * @param generation the object's generation; for a prefix the newest of its objects'
   * @param verified what the bytes were verified against ("CRC-32C")
   */
  public record Fetched(
      GcsUri uri, boolean archive, Path path, long generation, long bytes, String verified) {
    /** The provenance form, {@code gs://BUCKET/PATH#GENERATION}. */
    public String provenance() {
      return uri.withGeneration(generation);
    }
  }

  public Fetched into(Request request) {
    GcsUri uri = request.uri();
    Optional<StoredObject> object =
        uri.path().isEmpty()
            ? Optional.empty()
            : call("reading " + uri, uri, () -> storage.http().object(uri.bucket(), uri.path()));
    if (object.isPresent()) {
      return archive(object.get(), uri, request.outDir());
    }
    List<StoredObject> objects = list(uri, uri.prefix());
    if (objects.isEmpty()) {
      throw notFound(uri);
    }
    return directory(uri, objects, request);
  }

  private Fetched archive(StoredObject object, GcsUri uri, Path outDir) {
    String name = uri.lastName();
    OutputPaths.directory(outDir, "--out " + outDir);
    Path target = OutputPaths.file(outDir.resolve(name), outDir.resolve(name).toString());
    if (Files.exists(target)) {
      throw new UserError(target + " already exists", "remove it, or download into another --out");
    }
    List<Path> created = OutputPaths.createDirectories(outDir, "--out " + outDir);
    boolean done = false;
    try {
      listener.started(object.toString(), 1, object.size());
      String verified = objectDownload().download(object, target, new AtomicLong());
      listener.finished(object.size(), verified);
      done = true;
      return new Fetched(uri, true, target, object.generation(), object.size(), verified);
    } finally {
      if (!done) {
        OutputPaths.removeCreated(created);
      }
    }
  }

  private Fetched directory(GcsUri uri, List<StoredObject> objects, Request request) {
    String prefix = uri.prefix();
    List<StoredObject> files =
        objects.stream().filter(o -> !o.name().endsWith("/")).toList(); // folder placeholders
    requireSavedModel(uri, files, prefix);
    String modelName = request.modelName() != null ? request.modelName() : uri.lastName();
    long bytes = files.stream().mapToLong(StoredObject::size).sum();
    long generation = files.stream().mapToLong(StoredObject::generation).max().orElse(0);
    List<String> verified = new ArrayList<>();
    listener.started(uri.toString(), files.size(), bytes);
    AtomicLong progress = new AtomicLong();
    ObjectDownload download = objectDownload();
    ExtractedModel model =
        new ModelExtractor(extractListener)
            .extractTree(
                uri.toString(),
                modelName,
                request.outDir(),
                tree -> {
                  for (StoredObject file : files) {
                    Path target = place(tree, file.name().substring(prefix.length()), uri);
                    Files.createDirectories(target.getParent());
                    verified.add(download.download(file, target, progress));
                  }
                });
    String against = verified.stream().distinct().collect(Collectors.joining("; "));
    listener.finished(bytes, against);
    return new Fetched(uri, false, model.modelDir(), generation, bytes, against);
  }

  /** Where an object's relative name lands under {@code tree}; a name leaving it is refused. */
  private static Path place(Path tree, String relative, GcsUri uri) throws IOException {
    Path target = tree.resolve(relative).normalize();
    if (relative.isEmpty() || !target.startsWith(tree) || target.equals(tree)) {
      throw new UserError(
          "object '" + relative + "' under " + uri + " cannot be a file of the model",
          "keep only the SavedModel's files under the prefix");
    }
    return target;
  }

  /** Before any byte is downloaded: the prefix must hold a SavedModel where TF Serving looks. */
  private static void requireSavedModel(GcsUri uri, List<StoredObject> files, String prefix) {
    boolean found =
        files.stream()
            .map(o -> o.name().substring(prefix.length()))
            .anyMatch(
                name ->
                    name.equals(SAVED_MODEL_PB)
                        || (name.endsWith("/" + SAVED_MODEL_PB)
                            && name.indexOf('/') == name.length() - SAVED_MODEL_PB.length() - 1
                            && VersionNames.isVersion(name.substring(0, name.indexOf('/')))));
    if (!found) {
      throw new UserError(
          uri
              + " holds no SavedModel: no "
              + SAVED_MODEL_PB
              + " directly under it or in a numbered version directory (it holds "
              + sample(files.stream().map(o -> o.name().substring(prefix.length())).toList())
              + ")",
          "point --model-uri at the directory that holds saved_model.pb or its version"
              + " directories (1/saved_model.pb, ...), or at an archive object");
    }
  }

  /** The error for a path that is neither an object nor a prefix: what is there instead. */
  private UserError notFound(GcsUri uri) {
    List<String> near = listNames(uri.bucket(), uri.parentPrefix());
    String where = GcsUri.SCHEME + uri.bucket() + "/" + uri.parentPrefix();
    return new UserError(
        "no object or prefix "
            + uri
            + (near.isEmpty()
                ? "; " + where + " is empty"
                : "; " + where + " holds " + sample(near)),
        "check --model-uri: name an archive object or the prefix of a SavedModel directory");
  }

  /** The objects and sub-prefixes directly under {@code prefix}, as names relative to it. */
  private List<String> listNames(String bucket, String prefix) {
    return call(
        "listing gs://" + bucket + "/" + prefix,
        new GcsUri(bucket, prefix.replaceAll("/$", "")),
        () -> {
          List<String> names = new ArrayList<>();
          Page<Blob> page =
              storage
                  .storage()
                  .list(
                      bucket,
                      Storage.BlobListOption.prefix(prefix),
                      Storage.BlobListOption.currentDirectory());
          for (Blob blob : page.iterateAll()) {
            names.add(blob.getName().substring(prefix.length()));
            if (names.size() > LISTED_AT_MOST) {
              break;
            }
          }
          return names;
        });
  }

  /** Every object under {@code prefix}, all pages. */
  private List<StoredObject> list(GcsUri uri, String prefix) {
    return call(
        "listing " + uri,
        uri,
        () -> {
          List<StoredObject> objects = new ArrayList<>();
          Page<Blob> page =
              storage.storage().list(uri.bucket(), Storage.BlobListOption.prefix(prefix));
          for (Blob blob : page.iterateAll()) {
            objects.add(StoredObject.of(blob));
          }
          return objects;
        });
  }

  /**
   * One metadata call, retried while it fails transiently. A missing object is an empty answer, not
   * a failure, so a 404 here is a missing bucket.
   */
  private <T> T call(String operation, GcsUri uri, Call<T> call) {
    Retries retries = policy.start(listener.forRetries(), StorageFailures.GAVE_UP_FIX);
    while (true) {
      try {
        return call.get();
      } catch (IOException | StorageException e) {
        if (StorageFailures.status(e) == 404) {
          throw new UserError(
              "bucket gs://" + uri.bucket() + " does not exist",
              "check the bucket name in --model-uri (`gcloud storage ls` lists your buckets)",
              e);
        }
        if (!StorageFailures.isTransient(e)) {
          throw StorageFailures.refused(e, uri.toString(), storage);
        }
        retries.awaitNextAttempt(operation, StorageFailures.reason(e), Optional.empty());
      }
    }
  }

  /** A metadata call: over plain HTTP (throws IOException) or through the client. */
  private interface Call<T> {
    T get() throws IOException;
  }

  private static String sample(List<String> names) {
    if (names.isEmpty()) {
      return "nothing";
    }
    List<String> shown = names.stream().limit(LISTED_AT_MOST).toList();
    return String.join(", ", shown) + (names.size() > LISTED_AT_MOST ? ", …" : "");
  }

  private ObjectDownload objectDownload() {
    return new ObjectDownload(storage, policy, listener, rangeSize, parallelism);
  }
}
