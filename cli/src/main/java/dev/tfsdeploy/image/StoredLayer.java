package dev.tfsdeploy.image;

import java.nio.file.Path;

/**
 * A model layer tfs-deploy wrote itself (see {@link StoredLayers}).
 *
 * @param name the layer's name in the build plan
 * @param digest its compressed digest, {@code sha256:...}
 * @param size its compressed size in bytes
 * @param file the compressed layer in the build's layer cache, or a placeholder of its size there
 *     when the registry has the layer (see {@link StoredLayers#placeholder})
 */
record StoredLayer(String name, String digest, long size, Path file) {}
