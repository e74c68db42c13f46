package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;

/**
 * How the model layers are compressed. Both ways give gzip layers, which every registry, engine and
 * Kubernetes node reads; they differ in time spent against bytes saved.
 */
public enum LayerCompression {
  /**
   * Per layer: stored when a sample of its files saves less than {@link
   * CompressionSample#WORTHWHILE_SAVING} (weights, in practice), gzip otherwise. Layers under
   * {@link #PROBED_BYTES} are always gzip: they cost little either way.
   */
  AUTO,
  /** Gzip at Jib's level (6) for every model layer: the smallest image, the slowest build. */
  GZIP,
  /** Stored (uncompressed) deflate blocks for every model layer: the fastest build. */
  STORED;

  static final long PROBED_BYTES = 4L << 20;

  /** Whether {@code layer} is written stored (by tfs-deploy) rather than gzipped (by Jib). */
  boolean stores(FileEntriesLayer layer) {
    return switch (this) {
      case GZIP -> false;
      case STORED -> true;
      case AUTO ->
          CompressionSample.fileBytes(layer.getEntries()) >= PROBED_BYTES
              && !CompressionSample.of(layer.getEntries()).worthCompressing();
    };
  }
}
