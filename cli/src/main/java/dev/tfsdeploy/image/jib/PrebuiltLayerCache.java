package dev.tfsdeploy.image.jib;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.cache.PrebuiltApplicationLayers;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Jib's application-layer cache, as a place to file layers built without Jib: Jib then takes such a
 * layer as one it built before and pushes it as it is.
 */
public final class PrebuiltLayerCache {
  private PrebuiltLayerCache() {}

  /**
   * Moves {@code compressedLayer} into the cache at {@code cacheDirectory} as the layer of {@code
   * entries}, whose compressed digest is {@code digest} and uncompressed digest {@code diffId};
   * returns where the layer now is.
   */
  public static Path file(
      Path cacheDirectory,
      List<FileEntry> entries,
      DescriptorDigest digest,
      DescriptorDigest diffId,
      Path compressedLayer)
      throws IOException {
    return PrebuiltApplicationLayers.file(
        cacheDirectory, ImmutableList.copyOf(entries), digest, diffId, compressedLayer);
  }
}
