package dev.tfsdeploy.image;

import dev.tfsdeploy.model.TfModels;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * SavedModel-shaped directories for the image tests: the layout TF Serving reads (graph, variables
 * index and shards, assets) filled with seeded random bytes of realistic sizes (weights do not
 * compress; the image tests care about layout and bytes, not about the graph's meaning).
 */
public final class ModelFixtures {
  private ModelFixtures() {}

  /**
   * Writes {@code <root>/<version>/} with a graph, an index, one shard of {@code shardBytes}, and
   * assets.
   */
  public static Path version(Path root, String version, long seed, long shardBytes)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve(version));
    random(dir.resolve("saved_model.pb"), seed, 40_000);
    random(dir.resolve("fingerprint.pb"), seed + 1, 60);
    Files.createDirectories(dir.resolve("variables"));
    random(dir.resolve("variables/variables.index"), seed + 2, 1_500);
    random(dir.resolve("variables/variables.data-00000-of-00001"), seed + 3, shardBytes);
    Files.createDirectories(dir.resolve("assets"));
    Files.writeString(dir.resolve("assets/labels.txt"), "cat\ndog\n");
    return dir;
  }

  /**
   * A version TF Serving could load: a real half_plus_two export (TensorFlow Java), its one
   * variables shard then grown to {@code shardBytes} of seeded random bytes so transfers have
   * realistic sizes (validation reads the graph and the index, not the tensor data).
   */
  public static Path servableVersion(Path root, String version, long seed, long shardBytes)
      throws IOException {
    Path dir = TfModels.halfPlusTwo(root.resolve(version));
    random(dir.resolve("variables/variables.data-00000-of-00001"), seed, shardBytes);
    return dir;
  }

  public static void random(Path file, long seed, long size) throws IOException {
    Random random = new Random(seed);
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= buffer.length) {
        random.nextBytes(buffer);
        out.write(buffer, 0, (int) Math.min(buffer.length, left));
      }
    }
  }
}
