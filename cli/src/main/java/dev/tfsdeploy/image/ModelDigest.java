package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The SHA-256 of what a model adds to the image: its layers' diff IDs (the digests of their
 * uncompressed tars), in layer order. The tars hold every version's directories and files under
 * {@code /models/<name>/} with fixed times, modes and owners, so the digest changes exactly when a
 * path or a byte does, whatever the archive, the machine or the layer compression; it makes a tag
 * that changes exactly when the model does. Stored layers bring their diff IDs from their first
 * pass (see {@link StoredLayers}), so the model's bytes are read for it only in layers Jib
 * compresses, which are small unless their files compress.
 */
final class ModelDigest {
  private ModelDigest() {}

  /** The lowercase hex SHA-256 of the layers' diff IDs, each from {@code diffIds}. */
  static String of(
      List<FileEntriesLayer> layers, Function<FileEntriesLayer, DescriptorDigest> diffIds) {
    MessageDigest listing = sha256();
    for (FileEntriesLayer layer : layers) {
      listing.update((diffIds.apply(layer) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(listing.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
