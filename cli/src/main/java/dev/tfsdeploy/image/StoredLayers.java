package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.image.ImageBuildListener.Level;
import dev.tfsdeploy.image.jib.PrebuiltLayerCache;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.io.output.CountingOutputStream;

/**
 * Writes the model layers that {@link LayerCompression} says to store into the build's layer cache,
 * where Jib takes them as built (see {@link PrebuiltLayerCache}). Jib runs meanwhile, held before
 * each stored layer until it is written (see {@link StoredLayerGate}).
 *
 * <p>The tar inside is the one Jib would write ({@link ReproducibleTar}), so a stored layer has the
 * diff ID Jib would give it; only the compression differs.
 *
 * <p>Each layer takes at most two passes over its files. The first measures it (compressed digest
 * and size, diff ID): what the registry must be asked about, so that a layer it has is never sent
 * again, and what names the model ({@link ModelDigest}). The second, when the target registry lacks
 * the layer, uploads it as it is written (see {@link TargetPreload}); Jib's cache then needs only a
 * placeholder, since Jib reads a cached layer only to push it. Without a registry to send it to (a
 * tarball target, a failed upload) the second pass writes the layer into the cache instead. Each
 * byte is hashed once, in the first pass: the second checks the tar's CRC-32 and sizes against it
 * (and the registry checks the digest of what it receives). Layers are handled in parallel, one per
 * core at most.
 */
final class StoredLayers {
  private static final int BUFFER = 1 << 20;

  private final Map<String, Passes> layers;

  /** {@code layers}: each stored layer's two passes, by layer name. */
  StoredLayers(Map<String, Passes> layers) {
    this.layers = layers;
  }

  /**
   * A stored layer's first pass (its result) and second (done when the layer is written and sent).
   */
  record Passes(CompletableFuture<MeasuredLayer> measured, CompletableFuture<Void> written) {}

  /**
   * Starts writing (and, through {@code target} when it gives a preload, uploading) the layers
   * {@code compression} stores, in the background. {@code progress} counts their bytes measured and
   * written as their share of the model's {@code modelBytes}.
   */
  static StoredLayers start(
      List<FileEntriesLayer> layers,
      LayerCompression compression,
      LayerCache cache,
      Supplier<Optional<TargetPreload>> target,
      MonotonicProgress progress,
      long modelBytes,
      ImageBuildListener listener) {
    List<FileEntriesLayer> stored = new ArrayList<>();
    for (FileEntriesLayer layer : layers) {
      boolean stores = compression.stores(layer);
      listener.log(Level.DEBUG, "layer " + layer.getName() + ": " + (stores ? "stored" : "gzip"));
      if (stores) {
        stored.add(layer);
      }
    }
    long storedBytes =
        stored.stream().mapToLong(layer -> CompressionSample.fileBytes(layer.getEntries())).sum();
    // Jib still has the other layers, the config and the manifest to do: leave it some of the bar.
    double share = Math.min(0.95, (double) storedBytes / Math.max(1, modelBytes));
    ByteProgress bytes =
        new ByteProgress(progress, share, 2 * storedBytes); // measured, then written (and sent)
    Map<String, Passes> passes = new LinkedHashMap<>();
    for (FileEntriesLayer layer : stored) {
      long start = System.nanoTime();
      CompletableFuture<MeasuredLayer> measured =
          CompletableFuture.supplyAsync(
              () -> reportingFailures(layer, () -> measure(layer, bytes)), cache.cpuBound());
      CompletableFuture<Void> written =
          measured.thenAcceptAsync(
              first ->
                  reportingFailures(
                      layer, () -> secondPass(layer, first, cache, target, bytes, listener, start)),
              cache.cpuBound());
      passes.put(layer.getName(), new Passes(measured, written));
    }
    return new StoredLayers(passes);
  }

  /**
   * A model layer's diff ID: a stored layer's from its first pass (waited for), any other's by
   * hashing its tar now.
   */
  DescriptorDigest diffId(FileEntriesLayer layer) {
    Passes passes = layers.get(layer.getName());
    return passes != null
        ? BackgroundWork.join(passes.measured()).diffId()
        : reportingFailures(layer, () -> ReproducibleTar.digest(layer.getEntries()));
  }

  /** Waits until the named layer is in the cache (and sent), if it is a stored layer. */
  void awaitWritten(String layerName) {
    Passes passes = layers.get(layerName);
    if (passes != null) {
      BackgroundWork.join(passes.written());
    }
  }

  /** Waits until every stored layer is in the cache (and sent). */
  void awaitAll() {
    layers.values().forEach(passes -> BackgroundWork.join(passes.written()));
  }

  /**
   * The second pass. When the target registry has the layer, or has it once this pass has sent it,
   * Jib's cache gets only a placeholder of the layer's size: Jib reads a cached layer only to push
   * it, and it pushes none the registry has. Otherwise (no registry target, or no upload) the layer
   * is written into the cache for Jib to push or put in the tarball.
   */
  private static StoredLayer secondPass(
      FileEntriesLayer layer,
      MeasuredLayer measured,
      LayerCache cache,
      Supplier<Optional<TargetPreload>> target,
      ByteProgress progress,
      ImageBuildListener listener,
      long start)
      throws IOException {
    AtomicBoolean sent = new AtomicBoolean();
    boolean inRegistry =
        target
            .get()
            .map(
                preload ->
                    preload.upload(
                        layer.getName(),
                        measured,
                        out -> {
                          sent.set(true);
                          send(layer, measured, progress, out);
                        }))
            .orElse(false);
    if (inRegistry && !sent.get()) {
      progress.add(measured.size()); // the registry had it: this pass is done at once
    }
    StoredLayer stored =
        inRegistry
            ? placeholder(layer, measured, cache.directory())
            : write(layer, measured, cache.directory(), progress);
    listener.log(
        Level.DEBUG,
        String.format(
            Locale.ROOT,
            "layer %s: %s, %s, %d bytes in %.2f s",
            layer.getName(),
            inRegistry ? "in the registry" : "written",
            stored.digest(),
            stored.size(),
            (System.nanoTime() - start) / 1e9));
    return stored;
  }

  /** {@code pass}'s result; a file it cannot read or write is a user error naming the layer. */
  private static <T> T reportingFailures(FileEntriesLayer layer, LayerPass<T> pass) {
    try {
      return pass.run();
    } catch (IOException | UncheckedIOException e) {
      throw new UserError(
          "cannot write the image layer for " + layer.getName() + ": " + e.getMessage(),
          "check that the model files are readable and the temporary directory (TMPDIR) has room"
              + " for the model",
          e);
    }
  }

  /** One pass over a layer's files. */
  @FunctionalInterface
  private interface LayerPass<T> {
    T run() throws IOException;
  }

  /**
   * The first pass: the layer's compressed digest and size, which the registry is asked about, and
   * its diff ID; nothing written.
   */
  static MeasuredLayer measure(FileEntriesLayer layer, ByteProgress progress) throws IOException {
    BlobDigestOutputStream compressed =
        new BlobDigestOutputStream(progress.counting(OutputStream.nullOutputStream()));
    StoredGzipOutputStream gzip = new StoredGzipOutputStream(compressed);
    BlobDigestOutputStream tar = new BlobDigestOutputStream(gzip);
    ReproducibleTar.write(layer.getEntries(), tar); // closes the streams, the gzip trailer written
    return new MeasuredLayer(
        compressed.digest(), compressed.size(), tar.digest(), gzip.crc(), gzip.uncompressedSize());
  }

  /**
   * The second pass into the cache: writes the layer there, for Jib to push or put in a tarball;
   * fails if the bytes are not those {@link #measure} found.
   */
  static StoredLayer write(
      FileEntriesLayer layer, MeasuredLayer measured, Path cacheDirectory, ByteProgress progress)
      throws IOException {
    return fileInCache(
        layer,
        measured,
        cacheDirectory,
        temporary -> {
          try (OutputStream file =
              new BufferedOutputStream(Files.newOutputStream(temporary), BUFFER)) {
            send(layer, measured, progress, file);
          }
        });
  }

  /**
   * The second pass: writes the layer's bytes to {@code out} (left open); fails if they are not the
   * bytes {@link #measure} found (a model file changed meanwhile). That check compares the tar's
   * CRC-32 and sizes rather than hashing again: the registry verifies the digest of what it
   * receives.
   */
  static void send(
      FileEntriesLayer layer, MeasuredLayer measured, ByteProgress progress, OutputStream out)
      throws IOException {
    CountingOutputStream compressed =
        new CountingOutputStream(progress.counting(CloseShieldOutputStream.wrap(out)));
    StoredGzipOutputStream gzip = new StoredGzipOutputStream(compressed);
    ReproducibleTar.write(layer.getEntries(), gzip); // closes the gzip stream: the trailer written
    if (gzip.crc() != measured.tarCrc()
        || gzip.uncompressedSize() != measured.tarSize()
        || compressed.getByteCount() != measured.size()) {
      throw new IOException("its files changed while the image was being built; build again");
    }
  }

  /**
   * Files a placeholder for a layer the registry has: a sparse file of the layer's size, all Jib
   * looks at unless it pushes the layer. No copy of the model is written to disk.
   */
  static StoredLayer placeholder(
      FileEntriesLayer layer, MeasuredLayer measured, Path cacheDirectory) throws IOException {
    return fileInCache(
        layer,
        measured,
        cacheDirectory,
        temporary -> {
          try (RandomAccessFile file = new RandomAccessFile(temporary.toFile(), "rw")) {
            file.setLength(measured.size());
          }
        });
  }

  /**
   * Fills a temporary file in the cache directory and files it as the layer, leaving nothing else
   * behind.
   */
  private static StoredLayer fileInCache(
      FileEntriesLayer layer, MeasuredLayer measured, Path cacheDirectory, LayerFile content)
      throws IOException {
    Path temporary = Files.createTempFile(cacheDirectory, "stored-layer-", ".tmp");
    try {
      content.fill(temporary);
      Path cached =
          PrebuiltLayerCache.file(
              cacheDirectory, layer.getEntries(), measured.digest(), measured.diffId(), temporary);
      return new StoredLayer(
          layer.getName(), measured.digest().toString(), measured.size(), cached);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** What goes into a layer's file in the cache. */
  @FunctionalInterface
  private interface LayerFile {
    void fill(Path file) throws IOException;
  }

  /**
   * What the first pass finds: the layer's compressed digest and size (what names it in the
   * registry), its diff ID, and its tar's CRC-32 and size, which the second pass must find again.
   */
  record MeasuredLayer(
      DescriptorDigest digest, long size, DescriptorDigest diffId, long tarCrc, long tarSize) {}
}
