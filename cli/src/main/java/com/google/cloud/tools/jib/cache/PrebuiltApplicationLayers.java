package com.google.cloud.tools.jib.cache;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * tfs-deploy's one way into Jib's application-layer cache: files a layer that tfs-deploy compressed
 * itself where Jib looks for a layer it built before, so Jib pushes it as it is instead of gzipping
 * the same entries again.
 *
 * <p>It lives in Jib's package because the cache layout ({@code layers/<digest>/<diffId>}) and the
 * selector that maps a layer's entries to its digest are package-private. It is the only tfs-deploy
 * class in a Jib package, and only {@code dev.tfsdeploy.image.jib.PrebuiltLayerCache} calls it (see
 * that package's notes). Being compiled against the Jib in the pom, a Jib upgrade that changes
 * either breaks the build rather than a release; {@code JibInternalsTest} checks that Jib finds the
 * filed layer, and StoredLayersTest that Jib really pushes it.
 */
public final class PrebuiltApplicationLayers {
  private PrebuiltApplicationLayers() {}

  /**
   * Moves {@code compressedLayer} into the cache at {@code cacheDirectory} as the layer of {@code
   * entries}, whose compressed digest is {@code digest} and uncompressed digest {@code diffId};
   * returns where the layer now is.
   */
  public static Path file(
      Path cacheDirectory,
      ImmutableList<FileEntry> entries,
      DescriptorDigest digest,
      DescriptorDigest diffId,
      Path compressedLayer)
      throws IOException {
    CacheStorageFiles files = new CacheStorageFiles(cacheDirectory);
    Path layerFile = files.getLayerFile(digest, diffId);
    Files.createDirectories(layerFile.getParent());
    Files.move(compressedLayer, layerFile, StandardCopyOption.REPLACE_EXISTING);
    Path selectorFile = files.getSelectorFile(LayerEntriesSelector.generateSelector(entries));
    Files.createDirectories(selectorFile.getParent());
    Files.write(selectorFile, digest.getHash().getBytes(StandardCharsets.UTF_8));
    return layerFile;
  }
}
