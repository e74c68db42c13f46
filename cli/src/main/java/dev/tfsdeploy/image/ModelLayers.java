package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.tfsdeploy.image.ModelDirectory.ModelFile;
import dev.tfsdeploy.image.ModelDirectory.ModelVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How a model becomes image layers under {@code /models/<name>/<version>/}.
 *
 * <p>Every file of {@value #OWN_LAYER_MIB} MiB or more (in practice the {@code variables.data-*}
 * shards, the bulk of any model) gets a layer of its own; everything else of a version (graph,
 * variables index, assets, small shards) is one more layer. A layer's digest depends only on its
 * bytes, paths, modes and the fixed timestamp, so:
 *
 * <ul>
 *   <li>a release that changes only the graph or only some shards pushes only those layers; the
 *       registry already has the others (and so do the nodes that pull the image);
 *   <li>Jib compresses and uploads the layers in parallel, so a multi-shard model uses every core
 *       for gzip and several connections for the upload.
 * </ul>
 *
 * <p>Layers per image are limited (overlayfs stacks at most about 128), so when a model has more
 * large files than {@value #MAX_MODEL_LAYERS} layers allow, consecutive large files share a layer.
 *
 * <p>Directories are 0755 and files 0644, owned by root, all dated {@link #TIMESTAMP}: nothing in a
 * layer depends on the machine or the time it was built on.
 */
final class ModelLayers {
  static final long OWN_LAYER_MIB = 32;
  static final long OWN_LAYER_BYTES = OWN_LAYER_MIB << 20;
  static final int MAX_MODEL_LAYERS = 64;

  /** Jib's default: one second after the epoch (zero reads as "unknown" to some tools). */
  static final Instant TIMESTAMP = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;

  static final AbsoluteUnixPath MODELS = AbsoluteUnixPath.get("/models");

  private ModelLayers() {}

  static List<FileEntriesLayer> plan(ModelDirectory model, String modelName) {
    AbsoluteUnixPath modelPath = MODELS.resolve(modelName);
    List<FileEntriesLayer> layers = new ArrayList<>();
    List<FileEntriesLayer> largeFileLayers = new ArrayList<>();
    for (ModelVersion version : model.versions()) {
      AbsoluteUnixPath versionPath = modelPath.resolve(version.name());
      FileEntriesLayer.Builder rest =
          FileEntriesLayer.builder().setName(modelName + "/" + version.name());
      addParents(rest, model.root(), versionPath);
      rest.addEntry(directory(version.dir(), versionPath));
      for (String directory : version.directories()) {
        // As in addParents, the version directory stands for any: an added file's directory (a
        // warmup file's assets.extra) need not exist in the model directory.
        rest.addEntry(directory(version.dir(), versionPath.resolve(directory)));
      }
      for (ModelFile file : version.files()) {
        if (file.size() >= OWN_LAYER_BYTES) {
          FileEntriesLayer.Builder own =
              FileEntriesLayer.builder()
                  .setName(modelName + "/" + version.name() + "/" + file.path());
          addParents(own, model.root(), versionPath.resolve(file.path()));
          own.addEntry(file(file, versionPath));
          largeFileLayers.add(own.build());
        } else {
          rest.addEntry(file(file, versionPath));
        }
      }
      layers.add(rest.build());
    }
    layers.addAll(fitted(largeFileLayers, MAX_MODEL_LAYERS - layers.size()));
    return layers;
  }

  /** Merges runs of consecutive layers so that at most {@code budget} remain. */
  private static List<FileEntriesLayer> fitted(List<FileEntriesLayer> layers, int budget) {
    if (layers.size() <= budget) {
      return layers;
    }
    int perLayer = (layers.size() + budget - 1) / budget;
    List<FileEntriesLayer> merged = new ArrayList<>();
    for (int start = 0; start < layers.size(); start += perLayer) {
      List<FileEntriesLayer> run = layers.subList(start, Math.min(layers.size(), start + perLayer));
      FileEntriesLayer.Builder builder =
          FileEntriesLayer.builder()
              .setName(run.get(0).getName() + " (+" + (run.size() - 1) + " more)");
      run.forEach(layer -> layer.getEntries().forEach(builder::addEntry));
      merged.add(builder.build());
    }
    return merged;
  }

  /**
   * Adds explicit 0755 entries for the directories above {@code path} from {@code /models} down, so
   * that no layer leaves a directory's mode to the tar tool's default.
   */
  static void addParents(FileEntriesLayer.Builder layer, Path modelRoot, AbsoluteUnixPath path) {
    List<AbsoluteUnixPath> parents = new ArrayList<>();
    for (AbsoluteUnixPath p = parent(path); p != null; p = parent(p)) {
      parents.add(0, p);
    }
    // The source only has to be some directory: the entry takes nothing from it but its kind.
    parents.forEach(parent -> layer.addEntry(directory(modelRoot, parent)));
  }

  private static AbsoluteUnixPath parent(AbsoluteUnixPath path) {
    String text = path.toString();
    int slash = text.lastIndexOf('/');
    return slash <= 0 ? null : AbsoluteUnixPath.get(text.substring(0, slash));
  }

  private static FileEntry directory(Path source, AbsoluteUnixPath target) {
    return new FileEntry(source, target, FilePermissions.DEFAULT_FOLDER_PERMISSIONS, TIMESTAMP);
  }

  private static FileEntry file(ModelFile file, AbsoluteUnixPath versionPath) {
    return new FileEntry(
        file.source(),
        versionPath.resolve(file.path()),
        FilePermissions.DEFAULT_FILE_PERMISSIONS,
        TIMESTAMP);
  }
}
