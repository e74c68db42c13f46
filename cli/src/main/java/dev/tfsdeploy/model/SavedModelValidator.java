package dev.tfsdeploy.model;

import com.google.protobuf.Any;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.serving.WarmupFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;

/**
 * Checks a SavedModel the way TensorFlow Serving will load it, by parsing {@code saved_model.pb}
 * with TensorFlow's own generated protobuf classes.
 *
 * <p>Refused: a directory without {@code saved_model.pb} (such as an old checkpoint export), a file
 * that does not parse, no MetaGraph whose tag-set is exactly {@code serve} (TF Serving's default
 * {@code --saved_model_tags}), a graph with variables but no complete {@code variables/}
 * checkpoint, assets the graph names but the directory lacks, a warmup file TF Serving would fail
 * to replay ({@link WarmupFile}). Warned: no {@code serving_default} signature.
 */
public final class SavedModelValidator {
  public static final String SAVED_MODEL_PB = "saved_model.pb";
  public static final String SERVE_TAG = "serve";
  public static final String DEFAULT_SIGNATURE = "serving_default";

  /** Ops that hold state which must be restored from variables/ for the graph to run. */
  private static final Set<String> VARIABLE_OPS =
      Set.of("VariableV2", "Variable", "VarHandleOp", "_VarHandlesOp", "AutoReloadVariable");

  private static final String ASSETS_COLLECTION = "saved_model_assets";

  private static final List<String> ARCHIVE_SUFFIXES = List.of(".tar.gz", ".tgz", ".tar", ".zip");
  private static final Pattern DATA_SHARD =
      Pattern.compile("variables\\.data-(\\d{5})-of-(\\d{5})");

  /**
   * Validates a model directory (numbered version directories, as {@code --model_base_path}
   * expects) or a single version directory (holding {@code saved_model.pb}); returns the versions
   * in ascending order. This is what build-image calls before packaging a model.
   */
  public List<ValidatedVersion> validate(Path path) {
    if (!Files.isDirectory(path)) {
      throw notAModelDirectory(path);
    }
    if (Files.exists(path.resolve(SAVED_MODEL_PB)) || !hasVersionDirectories(path)) {
      return List.of(validateVersion(path));
    }
    return validateModel(path);
  }

  /** Says what {@code path} is instead of a directory; for an archive, how to unpack it first. */
  private static UserError notAModelDirectory(Path path) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return new UserError(
          path + " does not exist",
          "pass a model directory or a version directory (tfs-deploy extract ARCHIVE --model-name"
              + " NAME --out DIR makes DIR/NAME from a release archive)");
    }
    if (!Files.exists(path)) {
      return new UserError(
          path + " is a symbolic link to a path that does not exist",
          "pass a model directory or a version directory");
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (ARCHIVE_SUFFIXES.stream().anyMatch(name::endsWith)) {
      return new UserError(
          path + " is an archive, not a model directory",
          "unpack it first: tfs-deploy extract "
              + path
              + " --model-name NAME --out DIR, then use DIR/NAME");
    }
    return new UserError(
        path + " is a file, not a directory", "pass a model directory or a version directory");
  }

  /**
   * Validates every numbered version directory of a model directory; there must be one at least.
   */
  public List<ValidatedVersion> validateModel(Path modelDir) {
    Map<Long, Path> versions = VersionNames.directories(modelDir);
    if (versions.isEmpty()) {
      throw new UserError(
          modelDir + " holds no version directories",
          "a model directory holds numbered version directories, e.g. 1/saved_model.pb ("
              + VersionNames.RULE
              + ")");
    }
    return versions.values().stream().map(this::validateVersion).toList();
  }

  /** Validates one version directory, the directory that holds {@code saved_model.pb}. */
  public ValidatedVersion validateVersion(Path versionDir) {
    return validateVersion(versionDir, versionDir.toString());
  }

  /**
   * Validates one version directory; messages name it by {@code label} (extraction validates in a
   * staging directory whose path would only confuse).
   */
  public ValidatedVersion validateVersion(Path versionDir, String label) {
    SavedModel savedModel = read(versionDir, label);
    MetaGraphDef serving = servingGraph(label, savedModel);
    requireVariables(versionDir, label, serving);
    requireAssets(versionDir, label, serving);
    List<String> warnings = new ArrayList<>();
    if (!serving.containsSignatureDef(DEFAULT_SIGNATURE)) {
      warnings.add(
          label
              + " has no '"
              + DEFAULT_SIGNATURE
              + "' signature (it has: "
              + String.join(", ", new TreeMap<>(serving.getSignatureDefMap()).keySet())
              + "); clients must name a signature in every request");
    }
    OptionalLong version = VersionNames.parse(versionDir.getFileName().toString());
    String versionName = version.isPresent() ? Long.toString(version.getAsLong()) : null;
    return new ValidatedVersion(
        versionDir, versionName, savedModel, serving, warnings, warmup(versionDir, label, serving));
  }

  /**
   * The records of the version's warmup file, checked as TF Serving replays them; empty without
   * one.
   */
  private static OptionalInt warmup(Path versionDir, String label, MetaGraphDef serving) {
    Path file = versionDir.resolve(WarmupFile.PATH);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return OptionalInt.empty();
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserError(
          label + ": " + WarmupFile.PATH + " is not a regular file",
          "make it the TFRecord file of warmup requests, or remove it");
    }
    return OptionalInt.of(WarmupFile.validate(file, label, serving.getSignatureDefMap()));
  }

  private static SavedModel read(Path versionDir, String label) {
    Path pb = versionDir.resolve(SAVED_MODEL_PB);
    if (!Files.isRegularFile(pb)) {
      throw notASavedModel(versionDir, label);
    }
    try (InputStream in = Files.newInputStream(pb)) {
      CodedInputStream coded = CodedInputStream.newInstance(in);
      coded.setSizeLimit(Integer.MAX_VALUE);
      SavedModel savedModel = SavedModel.parseFrom(coded);
      if (savedModel.getMetaGraphsCount() == 0) {
        throw new UserError(
            label + ": saved_model.pb holds no MetaGraph",
            "re-export the model with tf.saved_model.save");
      }
      return savedModel;
    } catch (InvalidProtocolBufferException e) {
      throw new UserError(
          label + ": saved_model.pb is not a valid SavedModel protobuf (" + e.getMessage() + ")",
          "re-export the model; the file may be damaged or not a SavedModel",
          e);
    } catch (IOException e) {
      throw new UserError("cannot read " + pb + ": " + e.getMessage(), "check its permissions", e);
    }
  }

  private static UserError notASavedModel(Path dir, String label) {
    String fix =
        "export a SavedModel (tf.saved_model.save, or SavedModelBuilder in TF1); TF Serving loads"
            + " nothing else";
    if (Files.exists(dir.resolve("export.meta")) || Files.exists(dir.resolve("checkpoint"))) {
      return new UserError(
          label
              + " is not a SavedModel: it holds a checkpoint export (export.meta, checkpoint) and"
              + " no "
              + SAVED_MODEL_PB,
          fix);
    }
    if (Files.exists(dir.resolve("saved_model.pbtxt"))) {
      return new UserError(
          label + " holds saved_model.pbtxt (text format) instead of " + SAVED_MODEL_PB,
          "export the binary format (the default of tf.saved_model.save)");
    }
    return new UserError(label + " is not a SavedModel: it holds no " + SAVED_MODEL_PB, fix);
  }

  /**
   * TF Serving loads the MetaGraph whose tag-set equals its --saved_model_tags, "serve" by default.
   */
  private static MetaGraphDef servingGraph(String label, SavedModel savedModel) {
    for (MetaGraphDef graph : savedModel.getMetaGraphsList()) {
      if (new HashSet<>(graph.getMetaInfoDef().getTagsList()).equals(Set.of(SERVE_TAG))) {
        return graph;
      }
    }
    String tagSets =
        savedModel.getMetaGraphsList().stream()
            .map(graph -> "'" + String.join(", ", graph.getMetaInfoDef().getTagsList()) + "'")
            .collect(Collectors.joining("; "));
    throw new UserError(
        label + " has no MetaGraph tagged '" + SERVE_TAG + "' (its tag-sets: " + tagSets + ")",
        "export with tags=['serve'] (tf.saved_model.SERVING), which TF Serving loads by default");
  }

  private static void requireVariables(Path versionDir, String label, MetaGraphDef graph) {
    if (!hasVariables(graph)) {
      return;
    }
    Path variables = versionDir.resolve("variables");
    if (!Files.isRegularFile(variables.resolve("variables.index"), LinkOption.NOFOLLOW_LINKS)) {
      throw new UserError(
          label + " has variables in its graph but no variables/variables.index",
          "export the SavedModel together with its variables/ directory");
    }
    Set<Integer> present = new HashSet<>();
    int expected = -1;
    try (Stream<Path> files = Files.list(variables)) {
      for (Path file : files.toList()) {
        Matcher shard = DATA_SHARD.matcher(file.getFileName().toString());
        if (shard.matches()) {
          present.add(Integer.parseInt(shard.group(1)));
          expected = Integer.parseInt(shard.group(2));
        }
      }
    } catch (IOException e) {
      throw new UserError(
          "cannot list " + variables + ": " + e.getMessage(), "check its permissions", e);
    }
    for (int shard = 0; shard < Math.max(expected, 1); shard++) {
      if (!present.contains(shard)) {
        throw new UserError(
            label
                + " lacks variables/"
                + String.format("variables.data-%05d-of-%05d", shard, Math.max(expected, 1)),
            "export the SavedModel together with all of its variables/ files");
      }
    }
  }

  /** Variable ops in the graph or its functions, or variables in the TF2 object graph. */
  private static boolean hasVariables(MetaGraphDef graph) {
    Stream<NodeDef> functionNodes =
        graph.getGraphDef().getLibrary().getFunctionList().stream()
            .map(FunctionDef::getNodeDefList)
            .flatMap(List::stream);
    boolean variableOps =
        Stream.concat(graph.getGraphDef().getNodeList().stream(), functionNodes)
            .anyMatch(node -> VARIABLE_OPS.contains(node.getOp()));
    boolean savedVariables =
        graph.getObjectGraphDef().getNodesList().stream()
            .anyMatch(node -> node.getKindCase() == SavedObject.KindCase.VARIABLE);
    return variableOps || savedVariables;
  }

  private static void requireAssets(Path versionDir, String label, MetaGraphDef graph) {
    for (AssetFileDef asset : assetFiles(graph)) {
      Path file = versionDir.resolve("assets").resolve(asset.getFilename()).normalize();
      if (!file.startsWith(versionDir.resolve("assets")) || !Files.isRegularFile(file)) {
        throw new UserError(
            label + " lacks assets/" + asset.getFilename() + ", which its graph uses",
            "export the SavedModel together with its assets/ directory");
      }
    }
  }

  /**
   * The assets the graph reads: TF2 lists them in asset_file_def; TF1 exports keep them in the
   * "saved_model_assets" collection, which TensorFlow's loader falls back to.
   */
  private static List<AssetFileDef> assetFiles(MetaGraphDef graph) {
    if (graph.getAssetFileDefCount() > 0) {
      return graph.getAssetFileDefList();
    }
    CollectionDef collection =
        graph.getCollectionDefOrDefault(ASSETS_COLLECTION, CollectionDef.getDefaultInstance());
    List<AssetFileDef> assets = new ArrayList<>();
    for (Any any : collection.getAnyList().getValueList()) {
      if (any.is(AssetFileDef.class)) {
        try {
          assets.add(any.unpack(AssetFileDef.class));
        } catch (InvalidProtocolBufferException e) {
          throw new UserError(
              "an asset entry of the graph is damaged (" + e.getMessage() + ")",
              "re-export the model",
              e);
        }
      }
    }
    return assets;
  }

  private static boolean hasVersionDirectories(Path dir) {
    return !VersionNames.directories(dir).isEmpty();
  }
}
