package dev.tfsdeploy.cli;

import static dev.tfsdeploy.image.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.image.DockerCli;
import dev.tfsdeploy.image.SavedModelLayout;
import dev.tfsdeploy.image.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The image on the real default base, {@code tensorflow/serving}: built from Docker Hub, pushed,
 * pulled and run, then asked over TF Serving's REST API. Needs Docker Hub; skipped (saying so)
 * where it cannot be reached, e.g. on a machine without internet access.
 */
@Testcontainers
class BuildImageOnTensorFlowServingTest {
  static final String MODEL = "half_plus_two";

  @Container static final TestRegistry registry = new TestRegistry();
  @TempDir Path temp;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void realTensorFlowServingServesTheModelFromTheImage() throws Exception {
    Path model = temp.resolve("model");
    exportHalfPlusTwo(model.resolve("1"));
    new SavedModelLayout().validate(model);
    assumeTrue(
        dockerHubReachable(),
        "tensorflow/serving cannot be pulled here: Docker Hub (registry-1.docker.io) is"
            + " unreachable; this test runs where it can be pulled, e.g. on GitHub's runners");

    String image = registry.address() + "/serving/" + MODEL + ":v1";
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("DOCKER_CONFIG", temp.resolve("docker").toString());
    int exit =
        Main.run(
            new String[] {
              "build-image",
              "--model-dir",
              model.toString(),
              "--model-name",
              MODEL,
              "--image",
              registry.address() + "/serving/" + MODEL,
              "--image-tag",
              "v1",
              "--insecure-registry"
            },
            new Console(
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ActionsEnvironment(env),
                false),
            env);
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();

    int grpcPort = freePort();
    int restPort = freePort();
    String container =
        docker(
                "run",
                "-d",
                "--network",
                "host",
                image,
                "--port=" + grpcPort,
                "--rest_api_port=" + restPort)
            .strip();
    try {
      String status = awaitAvailable("http://127.0.0.1:" + restPort + "/v1/models/" + MODEL);
      assertThat(status).contains("AVAILABLE");

      HttpResponse<String> prediction =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + restPort + "/v1/models/" + MODEL + ":predict"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [1.0, 2.0, 5.0]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(prediction.body().replaceAll("\\s", "")).contains("[2.5,3.0,4.5]");
    } finally {
      docker("rm", "-f", container);
      DockerCli.removeImage(image);
    }
  }

  /** y = 0.5 x + 2, exported by TensorFlow Java as a real SavedModel with a serving signature. */
  static void exportHalfPlusTwo(Path dir) throws IOException {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> y =
          tf.withName("y").math.add(tf.math.mul(x, tf.constant(0.5f)), tf.constant(2f));
      Signature signature =
          Signature.builder().key("serving_default").input("x", x).output("y", y).build();
      SavedModelBundle.exporter(dir.toString())
          .withFunction(SessionFunction.create(signature, session))
          .export();
    }
  }

  private boolean dockerHubReachable() {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create("https://registry-1.docker.io/v2/"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200 || response.statusCode() == 401;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String awaitAvailable(String url) throws InterruptedException {
    String last = "";
    for (int attempt = 0; attempt < 120; attempt++) {
      try {
        last =
            http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        if (last.contains("AVAILABLE")) {
          return last;
        }
      } catch (IOException notUpYet) {
        last = notUpYet.toString();
      }
      Thread.sleep(1000);
    }
    return last;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
