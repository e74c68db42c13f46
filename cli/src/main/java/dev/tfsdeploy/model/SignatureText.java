package dev.tfsdeploy.model;

import dev.tfsdeploy.serving.WarmupFile;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A version's tag-sets and signatures as text, laid out like {@code saved_model_cli show --all}.
 */
public final class SignatureText {
  private SignatureText() {}

  public static String render(List<ValidatedVersion> versions) {
    return versions.stream().map(SignatureText::render).collect(Collectors.joining("\n"));
  }

  public static String render(ValidatedVersion version) {
    StringBuilder out = new StringBuilder();
    out.append("Version ")
        .append(version.version() == null ? "(not a numbered directory)" : version.version())
        .append(": ")
        .append(version.directory())
        .append("\n\n");
    version
        .warmupRecords()
        .ifPresent(count -> out.append(WarmupFile.describe(count)).append("\n\n"));
    version.savedModel().getMetaGraphsList().stream()
        .sorted(Comparator.comparing(SignatureText::tagSet))
        .forEach(graph -> appendMetaGraph(out, graph));
    return out.toString();
  }

  private static String tagSet(MetaGraphDef graph) {
    return graph.getMetaInfoDef().getTagsList().stream().sorted().collect(Collectors.joining(", "));
  }

  private static void appendMetaGraph(StringBuilder out, MetaGraphDef graph) {
    out.append("MetaGraphDef with tag-set: '")
        .append(tagSet(graph))
        .append("' contains the following SignatureDefs:\n");
    new TreeMap<>(graph.getSignatureDefMap())
        .forEach(
            (name, signature) -> {
              out.append("\nsignature_def['").append(name).append("']:\n");
              appendSignature(out, signature);
            });
    out.append('\n');
  }

  private static void appendSignature(StringBuilder out, SignatureDef signature) {
    out.append("  The given SavedModel SignatureDef contains the following input(s):\n");
    appendTensors(out, "inputs", signature.getInputsMap());
    out.append("  The given SavedModel SignatureDef contains the following output(s):\n");
    appendTensors(out, "outputs", signature.getOutputsMap());
    out.append("  Method name is: ").append(signature.getMethodName()).append('\n');
  }

  private static void appendTensors(
      StringBuilder out, String kind, Map<String, TensorInfo> tensors) {
    new TreeMap<>(tensors)
        .forEach(
            (key, info) -> {
              out.append("    ").append(kind).append("['").append(key).append("'] tensor_info:\n");
              out.append("        dtype: ").append(info.getDtype().name()).append('\n');
              out.append("        shape: ").append(shape(info.getTensorShape())).append('\n');
              out.append("        ").append(encoding(info)).append('\n');
            });
  }

  private static String shape(TensorShapeProto shape) {
    if (shape.getUnknownRank()) {
      return "unknown_rank";
    }
    return shape.getDimList().stream()
        .map(dim -> Long.toString(dim.getSize()))
        .collect(Collectors.joining(", ", "(", ")"));
  }

  private static String encoding(TensorInfo info) {
    return switch (info.getEncodingCase()) {
      case NAME -> "name: " + info.getName();
      case COO_SPARSE -> "coo_sparse: values " + info.getCooSparse().getValuesTensorName();
      case COMPOSITE_TENSOR ->
          "composite_tensor: " + info.getCompositeTensor().getTypeSpec().getTypeSpecClass();
      case ENCODING_NOT_SET -> "name: ";
    };
  }
}
