package dev.tfsdeploy.model;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Real SavedModels, exported by TensorFlow Java (the native library runs in test scope), so the
 * tests read what TensorFlow itself writes rather than hand-made protobufs.
 */
public final class TfModels {
  private TfModels() {}

  /**
   * y = a * x + b with a and b held in variables (so the export has {@code variables/}); {@code
   * serving_default} maps x (float, shape (-1, 1)) to y, and {@code regress_x_to_y} is a second
   * signature with the regress method name.
   */
  public static Path halfPlusTwo(Path versionDir, float a, float b) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
      Variable<TFloat32> slope = tf.withName("a").variable(tf.constant(a));
      Variable<TFloat32> offset = tf.withName("b").variable(tf.constant(b));
      var y = tf.withName("y").math.add(tf.math.mul(x, slope), offset);
      session.initialize();
      // TF Java leaves method_name empty unless told; TF Serving's predict API expects this one.
      SessionFunction predict =
          session.function(
              Signature.builder()
                  .methodName("tensorflow/serving/predict")
                  .input("x", x)
                  .output("y", y)
                  .build());
      SessionFunction regress =
          session.function(
              Signature.builder()
                  .key("regress_x_to_y")
                  .methodName("tensorflow/serving/regress")
                  .input("inputs", x)
                  .output("outputs", y)
                  .build());
      SavedModelBundle.exporter(createParent(versionDir).toString())
          .withFunctions(predict, regress)
          .export();
      return versionDir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** y = 0.5 * x + 2, the same function as TF Serving's half_plus_two test model. */
  public static Path halfPlusTwo(Path versionDir) {
    return halfPlusTwo(versionDir, 0.5f, 2f);
  }

  /** y = x + 1 from constants only: a graph without variables. */
  public static Path constantOnly(Path versionDir) {
    return constantOnly(versionDir, SavedModelBundle.DEFAULT_TAG);
  }

  /** Like {@link #constantOnly(Path)}, its MetaGraph tagged with {@code tags}. */
  public static Path constantOnly(Path versionDir, String... tags) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      var y = tf.withName("y").math.add(x, tf.constant(1f));
      SessionFunction predict =
          session.function(Signature.builder().input("x", x).output("y", y).build());
      SavedModelBundle.exporter(createParent(versionDir).toString())
          .withTags(tags)
          .withFunction(predict)
          .export();
      return versionDir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A graph whose only signature is not {@code serving_default}. */
  public static Path withoutServingDefault(Path versionDir) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      var y = tf.withName("y").identity(x);
      SessionFunction identity =
          session.function(
              Signature.builder().key("identity").input("x", x).output("y", y).build());
      SavedModelBundle.exporter(createParent(versionDir).toString())
          .withFunction(identity)
          .export();
      return versionDir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createParent(Path versionDir) throws IOException {
    Files.createDirectories(versionDir.getParent());
    return versionDir;
  }
}
