package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.blob.BlobDescriptor;
import com.google.cloud.tools.jib.cache.PrebuiltApplicationLayers;
import com.google.cloud.tools.jib.hash.CountingDigestOutputStream;
import com.google.common.collect.ImmutableList;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.image.ImageBuildListener.Level;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.io.output.TeeOutputStream;

/**
 * Writes the model layers that {@link LayerCompression} says to store, before Jib runs, into the
 * build's layer cache, where Jib takes them as built (see {@link PrebuiltApplicationLayers}).
 *
 * <p>The tar inside is the one Jib would write ({@link ReproducibleTar}), so a stored layer has the
 * diff ID Jib would give it; only the compression differs.
 *
 * <p>Each layer takes two passes over its files. The first only measures it (digest, diff ID,
 * size): what the registry must be asked about, so that a layer it has is never sent again. The
 * second writes it into the cache and, when the target registry lacks it, uploads the same bytes
 * as they are written (see {@link TargetPreload}), so the upload overlaps the writing instead of
 * following it. Layers are handled in parallel, one per core at most.
 */
final class StoredLayers {
  private static final int BUFFER = 1 << 20;

  private StoredLayers() {}

  /**
   * Writes (and, through {@code target} when it gives a preload, uploads) the layers {@code
   * compression} stores. {@code progress} counts their bytes measured and written as their share
   * of the model's {@code modelBytes}.
   */
  static void prepare(
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
    long storedBytes = stored.stream().mapToLong(layer -> CompressionSample.fileBytes(layer.getEntries())).sum();
    // Jib still has the other layers, the config and the manifest to do: leave it some of the bar.
    double share = Math.min(0.95, (double) storedBytes / Math.max(1, modelBytes));
    ByteProgress bytes = new ByteProgress(progress, share, 2 * storedBytes); // measured, then written (and sent)
    stored.stream()
        .map(layer -> CompletableFuture.runAsync(() -> prepare(layer, cache, target, bytes, listener), cache.cpuBound()))
        .toList()
        .forEach(BackgroundWork::join);
  }

  private static void prepare(
      FileEntriesLayer layer,
      LayerCache cache,
      Supplier<Optional<TargetPreload>> target,
      ByteProgress progress,
      ImageBuildListener listener) {
    long start = System.nanoTime();
    try {
      LayerDigests digests = measure(layer, progress);
      Optional<StoredLayer> uploaded =
          target.get().flatMap(preload -> preload.upload(layer.getName(), digests, out -> write(layer, digests, cache.directory(), progress, out)));
      StoredLayer stored =
          uploaded.isPresent()
              ? uploaded.get()
              : write(layer, digests, cache.directory(), progress, OutputStream.nullOutputStream());
      listener.log(
          Level.DEBUG,
          String.format(
              Locale.ROOT,
              "layer %s: written%s, %s, %d bytes in %.2f s",
              layer.getName(),
              uploaded.isPresent() ? " and uploaded" : "",
              stored.digest(),
              stored.size(),
              (System.nanoTime() - start) / 1e9));
    } catch (IOException | UncheckedIOException e) {
      throw new UserError(
          "cannot write the image layer for " + layer.getName() + ": " + e.getMessage(),
          "check that the model files are readable and the temporary directory (TMPDIR) has room for the model",
          e);
    }
  }

  /** The first pass: the layer's digests and size, which the registry is asked about; nothing written. */
  static LayerDigests measure(FileEntriesLayer layer, ByteProgress progress) throws IOException {
    return digestsOf(layer, progress.counting(OutputStream.nullOutputStream()));
  }

  /**
   * The second pass: writes the layer into the cache and the same bytes to {@code also} (an
   * upload); fails if they are not what {@link #measure} found (a model file changed meanwhile).
   */
  static StoredLayer write(
      FileEntriesLayer layer, LayerDigests expected, Path cacheDirectory, ByteProgress progress, OutputStream also)
      throws IOException {
    Path temporary = Files.createTempFile(cacheDirectory, "stored-layer-", ".tmp");
    try {
      OutputStream file = new BufferedOutputStream(Files.newOutputStream(temporary), BUFFER);
      LayerDigests written =
          digestsOf(layer, progress.counting(new TeeOutputStream(file, CloseShieldOutputStream.wrap(also))));
      if (!written.equals(expected)) {
        throw new IOException("its files changed while the image was being built; build again");
      }
      Path cached =
          PrebuiltApplicationLayers.file(
              cacheDirectory, ImmutableList.copyOf(layer.getEntries()), written.digest(), written.diffId(), temporary);
      return new StoredLayer(layer.getName(), written.digest().toString(), written.size(), cached);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Writes the layer as stored gzip to {@code out} (closing it) and returns what names it. */
  private static LayerDigests digestsOf(FileEntriesLayer layer, OutputStream out) throws IOException {
    CountingDigestOutputStream compressed = new CountingDigestOutputStream(out);
    CountingDigestOutputStream tar = new CountingDigestOutputStream(new StoredGzipOutputStream(compressed));
    ReproducibleTar.write(layer.getEntries(), tar); // closes the streams, the gzip trailer written
    BlobDescriptor blob = compressed.computeDigest();
    return new LayerDigests(blob.getDigest(), tar.computeDigest().getDigest(), blob.getSize());
  }

  /** What names a layer: its compressed digest and size, and its uncompressed digest (diff ID). */
  record LayerDigests(DescriptorDigest digest, DescriptorDigest diffId, long size) {}

  /** Writes a layer's compressed bytes to a stream (an upload) while filing it in the cache. */
  @FunctionalInterface
  interface LayerWriter {
    StoredLayer writeTo(OutputStream out) throws IOException;
  }
}
