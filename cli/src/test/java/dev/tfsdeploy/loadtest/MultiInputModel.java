package dev.tfsdeploy.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * A SavedModel exported by TensorFlow whose serving signature takes five inputs of four dtypes and
 * three ranks (ids int64 [-1, 3], flag bool [-1], text and image_bytes string [-1], scale float
 * scalar): what generated request bodies and their tensors are checked against.
 */
public final class MultiInputModel {
  private MultiInputModel() {}

  /**
   * Exports the model as version directory {@code version}; id_sum = the sum of each row of ids.
   */
  public static void export(Path version) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TInt64> ids =
          tf.withName("ids").placeholder(TInt64.class, Placeholder.shape(Shape.of(-1, 3)));
      Placeholder<TBool> flag =
          tf.withName("flag").placeholder(TBool.class, Placeholder.shape(Shape.of(-1)));
      Placeholder<TString> text =
          tf.withName("text").placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Placeholder<TString> image =
          tf.withName("image_bytes").placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Placeholder<TFloat32> scale =
          tf.withName("scale").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      var idSum = tf.withName("id_sum").sum(ids, tf.constant(1));
      SessionFunction predict =
          session.function(
              Signature.builder()
                  .methodName("tensorflow/serving/predict")
                  .input("ids", ids)
                  .input("flag", flag)
                  .input("text", text)
                  .input("image_bytes", image)
                  .input("scale", scale)
                  .output("id_sum", idSum)
                  .output("flag_out", tf.identity(flag))
                  .output("text_len", tf.strings.stringLength(text))
                  .output("image_len", tf.strings.stringLength(image))
                  .output("scaled", tf.math.mul(tf.dtypes.cast(idSum, TFloat32.class), scale))
                  .build());
      Files.createDirectories(version.getParent());
      SavedModelBundle.exporter(version.toString()).withFunction(predict).export();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
