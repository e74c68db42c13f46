package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.serving.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The model config ({@link ModelConfig}) as a layer of the image, and the entrypoint that starts
 * the server with it.
 *
 * <p>The file goes outside {@code /models} so no model name can clash with it. The flag is part of
 * the entrypoint, not the command: Kubernetes replaces an image's command with a container's {@code
 * args} (the base overlay's monitoring flag, an experiment's threading flags) but keeps its
 * entrypoint, so the flag holds under every overlay, and under {@code docker run}. TF Serving reads
 * the model from the config's base path and ignores the {@code --model_name} and {@code
 * --model_base_path} the entrypoint script also passes; a flag repeated in an overlay's args comes
 * later and wins.
 */
final class ServerConfigLayer {
  /** Where the config is in the image. */
  static final String PATH = "/etc/tfs-deploy/model_config.txt";

  /**
   * TF Serving's entrypoint script (tensorflow/serving images, CPU and GPU): it runs
   * tensorflow_model_server with the ports and MODEL_NAME, then its own arguments.
   */
  static final String TF_SERVING_ENTRYPOINT = "/usr/bin/tf_serving_entrypoint.sh";

  private ServerConfigLayer() {}

  /** The entrypoint of an image that carries a model config. */
  static List<String> entrypoint() {
    return List.of(TF_SERVING_ENTRYPOINT, "--model_config_file=" + PATH);
  }

  /**
   * The layer holding {@code config} for the model named in it, written to a file under {@code
   * scratch}.
   */
  static FileEntriesLayer of(ModelConfig config, Path scratch) {
    String text = config.text(ImageNames.modelBasePath(config.modelName()));
    Path file = scratch.resolve("model_config.txt");
    try {
      Files.createDirectories(scratch);
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UserError(
          "cannot write the model config to " + file + ": " + e.getMessage(),
          "make the temporary directory (TMPDIR or java.io.tmpdir) writable",
          e);
    }
    AbsoluteUnixPath target = AbsoluteUnixPath.get(PATH);
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("model config");
    ModelLayers.addParents(layer, scratch, target);
    return layer
        .addEntry(
            new FileEntry(
                file, target, FilePermissions.DEFAULT_FILE_PERMISSIONS, ModelLayers.TIMESTAMP))
        .build();
  }
}
