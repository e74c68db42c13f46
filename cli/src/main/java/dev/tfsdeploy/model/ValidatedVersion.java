package dev.tfsdeploy.model;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * One SavedModel version directory that passed validation.
 *
 * @param directory the version directory (holding saved_model.pb)
 * @param version the version TF Serving reads from the directory name ("123" for 00000123), or null
 *     when the name is not a number (a SavedModel inspected outside a model directory)
 * @param savedModel the parsed saved_model.pb
 * @param servingGraph the MetaGraph tagged {@code serve}, the one TF Serving loads
 * @param warnings what TF Serving accepts but the user probably did not mean
 * @param warmupRecords how many records the version's warmup file ({@link
 *     dev.tfsdeploy.serving.WarmupFile#PATH}) holds, all checked; empty when it has none
 */
public record ValidatedVersion(
    Path directory,
    String version,
    SavedModel savedModel,
    MetaGraphDef servingGraph,
    List<String> warnings,
    OptionalInt warmupRecords) {
  public ValidatedVersion {
    warnings = List.copyOf(warnings);
  }

  /** The same version, moved to {@code newDirectory}. */
  public ValidatedVersion movedTo(Path newDirectory) {
    return new ValidatedVersion(
        newDirectory, version, savedModel, servingGraph, warnings, warmupRecords);
  }

  /** The serving graph's tags, as exported. */
  public List<String> tags() {
    return servingGraph.getMetaInfoDef().getTagsList();
  }
}
