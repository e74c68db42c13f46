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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Writes the model layers that {@link LayerCompression} says to store, before Jib runs, into the
 * build's layer cache, where Jib takes them as built (see {@link PrebuiltApplicationLayers}).
 *
 * <p>The tar inside is the one Jib would write ({@link ReproducibleTar}), so a stored layer has the
 * diff ID Jib would give it; only the compression differs.
 *
 * <p>Each layer is written in one pass that also takes its digests, then uploaded when the target
 * registry lacks it (see {@link TargetPreload}). Layers are handled in parallel, one per core at
 * most, so one layer uploads while the next is written.
 */
final class StoredLayers {
  private static final int BUFFER = 1 << 20;

  private StoredLayers() {}

  /**
   * Writes (and, through {@code target} when it gives a preload, uploads) the layers {@code
   * compression} stores; returns them. {@code progress} counts their bytes written and uploaded as
   * their share of the model's {@code modelBytes}.
   */
  static List<StoredLayer> prepare(
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
    ByteProgress bytes = new ByteProgress(progress, share, 2 * storedBytes); // written, then uploaded
    List<CompletableFuture<StoredLayer>> written =
        stored.stream()
            .map(layer -> CompletableFuture.supplyAsync(() -> prepare(layer, cache, target, bytes, listener), cache.cpuBound()))
            .toList();
    try {
      return written.stream().map(CompletableFuture::join).toList();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UserError userError) {
        throw userError;
      }
      throw e;
    }
  }

  private static StoredLayer prepare(
      FileEntriesLayer layer,
      LayerCache cache,
      Supplier<Optional<TargetPreload>> target,
      ByteProgress progress,
      ImageBuildListener listener) {
    long start = System.nanoTime();
    StoredLayer stored;
    try {
      stored = write(layer, cache.directory(), progress);
    } catch (IOException | UncheckedIOException e) {
      throw new UserError(
          "cannot write the image layer for " + layer.getName() + ": " + e.getMessage(),
          "check that the model files are readable and the temporary directory (TMPDIR) has room for the model",
          e);
    }
    listener.log(
        Level.DEBUG,
        String.format(
            Locale.ROOT,
            "layer %s: written, %s, %d bytes in %.2f s",
            layer.getName(),
            stored.digest(),
            stored.size(),
            (System.nanoTime() - start) / 1e9));
    Optional<TargetPreload> preload = target.get();
    if (preload.isEmpty() || !preload.get().upload(stored, progress)) {
      progress.add(stored.size()); // Jib uploads it, or nobody needs to
    }
    return stored;
  }

  /** Writes one layer as stored gzip into the cache, in one pass that also takes its digests. */
  static StoredLayer write(FileEntriesLayer layer, Path cacheDirectory, ByteProgress progress) throws IOException {
    Path temporary = Files.createTempFile(cacheDirectory, "stored-layer-", ".tmp");
    try {
      CountingDigestOutputStream compressed =
          new CountingDigestOutputStream(
              progress.counting(new BufferedOutputStream(Files.newOutputStream(temporary), BUFFER)));
      CountingDigestOutputStream tar = new CountingDigestOutputStream(new StoredGzipOutputStream(compressed));
      ReproducibleTar.write(layer.getEntries(), tar); // closes the streams, the gzip trailer written
      DescriptorDigest diffId = tar.computeDigest().getDigest();
      BlobDescriptor blob = compressed.computeDigest();
      Path file =
          PrebuiltApplicationLayers.file(
              cacheDirectory, ImmutableList.copyOf(layer.getEntries()), blob.getDigest(), diffId, temporary);
      return new StoredLayer(layer.getName(), blob.getDigest().toString(), blob.getSize(), file);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }


}
