package dev.tfsdeploy.model;

import java.nio.file.Path;
import java.util.List;
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
 */
public record ValidatedVersion(
    Path directory,
    String version,
    SavedModel savedModel,
    MetaGraphDef servingGraph,
    List<String> warnings) {
  public ValidatedVersion {
    warnings = List.copyOf(warnings);
  }

  /** The serving graph's tags, as exported. */
  public List<String> tags() {
    return servingGraph.getMetaInfoDef().getTagsList();
  }
}
