package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.loadtest.GrpcPredictServer;
import dev.tfsdeploy.loadtest.PortForwardingApiServer;
import dev.tfsdeploy.loadtest.PredictServer;
import dev.tfsdeploy.model.SavedModelValidator;
import dev.tfsdeploy.model.ValidatedVersion;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

class LoadtestCommandTest {
  static final Path EXAMPLE =
      Path.of(
          System.getProperty("tfsdeploy.projectRoot", ".."), "examples", "half_plus_two.tar.gz");
  static final String EXPERIMENT = "4vCPU+8GB+inter_op4";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;
  private final PredictServer server = new PredictServer("half_plus_two");

  @AfterEach
  void stop() {
    server.close();
  }

  private Path request() throws IOException {
    Path file = dir.resolve("request.json");
    Files.writeString(file, "{\"instances\": [[1.0], [2.0]]}");
    return file;
  }

  @Test
  void printsTheResultAsJsonAndATableOnStderr() throws IOException {
    CommandRun run =
        CommandRun.of(
            "loadtest",
            "--url",
            server.url(),
            "--model-name",
            "half_plus_two",
            "--request",
            request().toString(),
            "--concurrency",
            "2",
            "--requests",
            "50");

    assertThat(run.exitCode()).isZero();
    JsonNode result = MAPPER.readTree(run.stdout());
    assertThat(result.get("url").asText())
        .isEqualTo(server.url() + "/v1/models/half_plus_two:predict");
    assertThat(result.get("mode").asText()).isEqualTo("closed");
    assertThat(result.get("requests").asLong()).isEqualTo(50);
    assertThat(result.get("successes").asLong()).isEqualTo(50);
    assertThat(result.get("latencyMs").get("p99").asDouble()).isPositive();
    assertThat(run.stderr())
        .contains(
            "load test: closed loop, 2 connections, 50 requests, timeout 10s -> " + server.url())
        .containsPattern("requests/s +[0-9.]+ \\(successful\\)")
        .containsPattern("latency p99\\.9 +[0-9.]+ ms")
        .containsPattern("errors +none");
  }

  @Test
  void generatesTheRequestFromTheModelsSignature() throws IOException {
    CommandRun extract =
        CommandRun.of(
            "extract",
            EXAMPLE.toString(),
            "--model-name",
            "half_plus_two",
            "--out",
            dir.toString());
    assertThat(extract.exitCode()).isZero();

    CommandRun run =
        CommandRun.of(
            "loadtest",
            "--url",
            server.url(),
            "--model",
            "half_plus_two",
            "--from-signature",
            dir.resolve("half_plus_two").toString(),
            "--batch",
            "4",
            "--rate",
            "200",
            "--requests",
            "40");

    assertThat(run.exitCode()).isZero();
    JsonNode result = MAPPER.readTree(run.stdout());
    assertThat(result.get("mode").asText()).isEqualTo("open");
    assertThat(result.get("rate").asDouble()).isEqualTo(200.0);
    // The server answers 400 to a body without instances.
    assertThat(result.get("successes").asLong()).isEqualTo(40);
    assertThat(run.stderr())
        .contains("request: signature serving_default of ")
        .contains(", batch 4 (");
  }

  @Test
  void loadsTheGrpcApiWithTensorsMadeFromTheModelsSignature() throws IOException {
    Path model = extractedExample();
    try (GrpcPredictServer grpc = new GrpcPredictServer("half_plus_two")) {
      CommandRun run =
          CommandRun.of(
              "loadtest",
              "--protocol",
              "grpc",
              "--url",
              grpc.url(),
              "--model-name",
              "half_plus_two",
              "--from-signature",
              model.toString(),
              "--batch",
              "3",
              "--concurrency",
              "2",
              "--requests",
              "30");

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      JsonNode result = MAPPER.readTree(run.stdout());
      assertThat(result.get("url").asText()).isEqualTo(grpc.url() + "/half_plus_two");
      assertThat(result.get("successes").asLong()).isEqualTo(30);
      assertThat(grpc.predictions()).isEqualTo(30);
      // x: DT_FLOAT of shape [3, 1], as the signature's (-1, 1) with --batch 3.
      TensorProto x = grpc.received().get(0).get("x");
      assertThat(x.getDtype()).isEqualTo(DataType.DT_FLOAT);
      assertThat(x.getTensorShape().getDimList())
          .extracting(TensorShapeProto.Dim::getSize)
          .containsExactly(3L, 1L);
      assertThat(run.stderr())
          .contains("-> " + grpc.url() + "/half_plus_two (gRPC, signature serving_default)");
    }
  }

  @Test
  void aHandWrittenBodyIsTypedByTheSignatureTheServerDescribes() throws IOException {
    Map<String, SignatureDef> signatures = signaturesOf(extractedExample());
    try (GrpcPredictServer grpc = new GrpcPredictServer("half_plus_two").describing(signatures)) {
      CommandRun run =
          CommandRun.of(
              "loadtest",
              "--protocol",
              "grpc",
              "--url",
              grpc.url(),
              "--model-name",
              "half_plus_two",
              "--request",
              request().toString(),
              "--concurrency",
              "1",
              "--requests",
              "5");

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      TensorProto x = grpc.received().get(0).get("x");
      assertThat(x.getFloatValList()).containsExactly(1.0f, 2.0f);
      assertThat(x.getTensorShape().getDimList())
          .extracting(TensorShapeProto.Dim::getSize)
          .containsExactly(2L, 1L);
    }
  }

  @Test
  void aModelTheGrpcServerDoesNotServeIsOneLineNamingIt() throws IOException {
    try (GrpcPredictServer grpc = new GrpcPredictServer("half_plus_two")) {
      CommandRun run =
          CommandRun.of(
              "loadtest",
              "--protocol",
              "grpc",
              "--url",
              grpc.url(),
              "--model-name",
              "half_plus_three",
              "--request",
              request().toString(),
              "--requests",
              "5");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.stderr().strip().lines())
          .last()
          .asString()
          .startsWith("error: TF Serving at " + grpc.url() + " serves no model half_plus_three")
          .contains("check --model-name");
    }
  }

  @Test
  void failedGrpcCallsEndTheRunWithTheirStatus() throws IOException {
    Path model = extractedExample();
    try (GrpcPredictServer grpc = new GrpcPredictServer("half_plus_two").failEvery(1)) {
      CommandRun run =
          CommandRun.of(
              "loadtest",
              "--protocol",
              "grpc",
              "--url",
              grpc.url(),
              "--model-name",
              "half_plus_two",
              "--from-signature",
              model.toString(),
              "--requests",
              "4",
              "--concurrency",
              "1");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(MAPPER.readTree(run.stdout()).get("errors").get("grpc_INTERNAL").asLong())
          .isEqualTo(4);
      assertThat(run.stderr().strip().lines())
          .last()
          .asString()
          .startsWith(
              "error: no request succeeded at "
                  + grpc.url()
                  + "/half_plus_two (grpc_INTERNAL 4: the model failed on call");
    }
  }

  @Test
  void anUnknownProtocolIsAUsageErrorNamingBoth() throws IOException {
    CommandRun run =
        CommandRun.of(
            "loadtest",
            "--protocol",
            "soap",
            "--url",
            server.url(),
            "--model-name",
            "half_plus_two",
            "--request",
            request().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("'soap' is not an API: pass rest or grpc");
  }

  @Test
  void grpcWithoutAModelNameSaysToPassIt() throws IOException {
    CommandRun run =
        CommandRun.of(
            "loadtest",
            "--protocol",
            "grpc",
            "--url",
            "grpc://127.0.0.1:8500",
            "--request",
            request().toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("error: no model to load-test at grpc://127.0.0.1:8500")
        .contains("pass --model-name NAME");
  }

  @Test
  void anUnreachableGrpcServerIsOneLineBeforeAnyLoad() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    CommandRun run =
        CommandRun.of(
            "loadtest",
            "--protocol",
            "grpc",
            "--url",
            "grpc://127.0.0.1:" + closedPort,
            "--model-name",
            "half_plus_two",
            "--request",
            request().toString(),
            "--requests",
            "5");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr().strip().lines())
        .last()
        .asString()
        .startsWith("error: cannot reach TF Serving's gRPC API at grpc://127.0.0.1:" + closedPort)
        .contains("check --url");
  }

  @Test
  void aSignatureTheGrpcServerDoesNotDescribeIsNamedWithTheOnesItHas() throws IOException {
    Map<String, SignatureDef> signatures = signaturesOf(extractedExample());
    try (GrpcPredictServer grpc = new GrpcPredictServer("half_plus_two").describing(signatures)) {
      CommandRun run =
          CommandRun.of(
              "loadtest",
              "--protocol",
              "grpc",
              "--url",
              grpc.url(),
              "--model-name",
              "half_plus_two",
              "--signature",
              "classify",
              "--request",
              request().toString(),
              "--requests",
              "5");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.stderr().strip().lines())
          .last()
          .asString()
          .contains(
              "model half_plus_two at "
                  + grpc.url()
                  + " has no signature classify (it has: regress_x_to_y, serving_default)")
          .contains("pass --signature");
      assertThat(grpc.predictions()).isZero();
    }
  }

  @Test
  void aGrpcServerThatDoesNotDescribeTheModelInTimeIsOneLine() throws IOException {
    try (GrpcPredictServer grpc = new GrpcPredictServer("half_plus_two").hang()) {
      CommandRun run =
          CommandRun.of(
              "loadtest",
              "--protocol",
              "grpc",
              "--url",
              grpc.url(),
              "--model-name",
              "half_plus_two",
              "--request",
              request().toString(),
              "--requests",
              "5",
              "--timeout",
              "300ms");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.stderr().strip().lines())
          .last()
          .asString()
          .startsWith(
              "error: TF Serving at "
                  + grpc.url()
                  + " did not describe model half_plus_two within 300 ms")
          .contains("--from-signature");
    }
  }

  @Test
  void aRestUrlWithTheGrpcProtocolIsRefusedSayingWhatToPass() throws IOException {
    CommandRun run =
        CommandRun.of(
            "loadtest",
            "--protocol",
            "grpc",
            "--url",
            server.url(),
            "--model-name",
            "half_plus_two",
            "--request",
            request().toString(),
            "--requests",
            "5");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("is not a gRPC address").contains("grpc://127.0.0.1:8500");
  }

  private Path extractedExample() {
    CommandRun extract =
        CommandRun.of(
            "extract",
            EXAMPLE.toString(),
            "--model-name",
            "half_plus_two",
            "--out",
            dir.toString());
    assertThat(extract.exitCode()).as(extract.stderr()).isZero();
    return dir.resolve("half_plus_two");
  }

  private static Map<String, SignatureDef> signaturesOf(Path model) {
    List<ValidatedVersion> versions = new SavedModelValidator().validate(model);
    return versions.get(versions.size() - 1).servingGraph().getSignatureDefMap();
  }

  @Test
  void writesJsonCsvOutputsAndTheJobSummaryUnderActions() throws IOException {
    Path summary = dir.resolve("summary.md");
    Path output = dir.resolve("output.txt");
    Map<String, String> env =
        Map.of(
            "GITHUB_ACTIONS",
            "true",
            "GITHUB_STEP_SUMMARY",
            summary.toString(),
            "GITHUB_OUTPUT",
            output.toString());
    Path json = dir.resolve("results/run.json");
    Path csv = dir.resolve("results/runs.csv");

    CommandRun run =
        CommandRun.of(
            env,
            "loadtest",
            "--url",
            server.url(),
            "--model-name",
            "half_plus_two",
            "--request",
            request().toString(),
            "--requests",
            "20",
            "--json",
            json.toString(),
            "--csv",
            csv.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(MAPPER.readTree(json.toFile())).isEqualTo(MAPPER.readTree(run.stdout()));
    assertThat(Files.readAllLines(csv)).hasSize(2);
    assertThat(Files.readString(summary))
        .contains("### Load test")
        .contains("| latency p99 |")
        .contains("| requests | 20 in ");
    assertThat(Files.readString(output)).contains("requests-per-second<<").contains("p99-ms<<");
  }

  @Test
  void failsWithOneLineWhenNoRequestSucceeds() throws IOException {
    CommandRun run =
        CommandRun.of(
            "loadtest",
            "--url",
            server.url(),
            "--model-name",
            "resnet",
            "--request",
            request().toString(),
            "--requests",
            "10",
            "--concurrency",
            "1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(MAPPER.readTree(run.stdout()).get("errors").get("http_404").asLong()).isEqualTo(10);
    assertThat(run.stderr())
        .contains(
            "error: no request succeeded at "
                + server.url()
                + "/v1/models/resnet:predict (http_404 10: {\"error\": \"Servable not found for"
                + " request: Latest(resnet)\"}) — check --model-name");
  }

  @Test
  void namesTheExperimentAndItsReplicasWhenGivenWithAUrl() throws IOException {
    CommandRun run =
        CommandRun.of(
            "loadtest",
            "--url",
            server.url(),
            "--model-name",
            "half_plus_two",
            "--request",
            request().toString(),
            "--requests",
            "5",
            "--experiment",
            EXPERIMENT,
            "--kube-dir",
            RenderCommandTest.KUBE.toString());

    assertThat(run.exitCode()).isZero();
    JsonNode result = MAPPER.readTree(run.stdout());
    assertThat(result.get("experiment").asText()).isEqualTo(EXPERIMENT);
    assertThat(result.get("replicas").asInt()).isEqualTo(2);
  }

  @Test
  void takesItsOptionsFromTheEnvironment() throws IOException {
    Map<String, String> env =
        Map.of(
            "TFS_DEPLOY_URL",
            server.url(),
            "MODEL_NAME",
            "half_plus_two",
            "TFS_DEPLOY_REQUEST",
            request().toString(),
            "TFS_DEPLOY_REQUESTS",
            "7");

    CommandRun run = CommandRun.of(env, "loadtest");

    assertThat(run.exitCode()).isZero();
    assertThat(MAPPER.readTree(run.stdout()).get("successes").asLong()).isEqualTo(7);
  }

  @Test
  void portForwardsToTheDeployedExperiment() throws IOException {
    int modelPort = Integer.parseInt(server.url().replaceFirst(".*:", ""));
    try (PortForwardingApiServer api =
        new PortForwardingApiServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), modelPort))) {
      deployExperiment(api, "http", 8501);

      CommandRun run =
          CommandRun.of(
              experimentEnv(),
              "loadtest",
              "--kubeconfig",
              kubeconfigFor(api).toString(),
              "--kube-dir",
              RenderCommandTest.KUBE.toString(),
              "--model-name",
              "half_plus_two",
              "--request",
              request().toString(),
              "--requests",
              "10",
              "--concurrency",
              "2");

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      JsonNode result = MAPPER.readTree(run.stdout());
      assertThat(result.get("experiment").asText()).isEqualTo(EXPERIMENT);
      assertThat(result.get("successes").asLong()).isEqualTo(10);
      assertThat(result.get("url").asText())
          .startsWith("http://127.0.0.1:")
          .doesNotContain(":" + modelPort + "/");
      assertThat(run.stderr())
          .contains("-> pod tfs-serving-1 of Service tfs-serving")
          .contains("warning: a port-forward reaches one pod through the Kubernetes API server");
      assertThat(api.forwards())
          .isNotEmpty()
          .allMatch(forward -> forward.equals("serving/tfs-serving-1:8501"));
    }
  }

  @Test
  void portForwardsToTheExperimentsGrpcPortForGrpc() throws IOException {
    Path model = extractedExample();
    try (GrpcPredictServer grpc = new GrpcPredictServer("half_plus_two");
        PortForwardingApiServer api =
            new PortForwardingApiServer(
                new InetSocketAddress(
                    InetAddress.getLoopbackAddress(),
                    Integer.parseInt(grpc.url().replaceFirst(".*:", ""))))) {
      deployExperiment(api, "grpc", 8500);

      CommandRun run =
          CommandRun.of(
              experimentEnv(),
              "loadtest",
              "--protocol",
              "grpc",
              "--kubeconfig",
              kubeconfigFor(api).toString(),
              "--kube-dir",
              RenderCommandTest.KUBE.toString(),
              "--model-name",
              "half_plus_two",
              "--from-signature",
              model.toString(),
              "--requests",
              "10",
              "--concurrency",
              "2");

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      JsonNode result = MAPPER.readTree(run.stdout());
      assertThat(result.get("successes").asLong()).isEqualTo(10);
      assertThat(result.get("url").asText()).startsWith("grpc://127.0.0.1:");
      assertThat(api.forwards())
          .isNotEmpty()
          .allMatch(forward -> forward.equals("serving/tfs-serving-1:8500"));
    }
  }

  /**
   * The experiment's Service and one ready pod behind it, the pod's {@code portName} port being
   * {@code port}.
   */
  private static void deployExperiment(PortForwardingApiServer api, String portName, int port) {
    try (KubernetesClient admin = api.client()) {
      deployExperiment(admin, portName, port);
    }
  }

  /** The same through any client of the namespace {@code serving}. */
  static void deployExperiment(KubernetesClient admin, String portName, int port) {
    Map<String, String> selector = Map.of("app.kubernetes.io/component", "model-server");
    admin
        .services()
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("tfs-serving")
                .withNamespace("serving")
                .addToAnnotations("tfs-deploy.dev/experiment", EXPERIMENT)
                .endMetadata()
                .withNewSpec()
                .withSelector(selector)
                .addNewPort()
                .withName("grpc")
                .withPort(8500)
                .withTargetPort(new IntOrString("grpc"))
                .endPort()
                .addNewPort()
                .withName("http")
                .withPort(8501)
                .withTargetPort(new IntOrString("http"))
                .endPort()
                .endSpec()
                .build())
        .create();
    admin
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("tfs-serving-1")
                .withNamespace("serving")
                .withLabels(selector)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("tfs-serving")
                .addNewPort()
                .withName(portName)
                .withContainerPort(port)
                .endPort()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .create();
  }

  private Path kubeconfigFor(PortForwardingApiServer api) throws IOException {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: test",
            "  cluster: {server: '" + api.url() + "'}",
            "users:",
            "- name: test",
            "  user: {token: test-token}",
            "contexts:",
            "- name: test",
            "  context: {cluster: test, user: test, namespace: serving}",
            "current-context: test",
            ""));
    return kubeconfig;
  }

  private Map<String, String> experimentEnv() {
    return new HashMap<>(Map.of("TARGET_EXPERIMENT", EXPERIMENT, "HOME", dir.toString()));
  }

  @Test
  void refusesIncompleteOrContradictoryCommandLines() throws IOException {
    String request = request().toString();

    assertThat(CommandRun.of("loadtest", "--request", request))
        .satisfies(run -> assertThat(run.exitCode()).isEqualTo(2))
        .satisfies(
            run ->
                assertThat(run.stderr())
                    .contains("missing --url (or TFS_DEPLOY_URL) or --experiment"));
    assertThat(CommandRun.of("loadtest", "--url", server.url(), "--model", "m"))
        .satisfies(run -> assertThat(run.exitCode()).isEqualTo(2))
        .satisfies(
            run ->
                assertThat(run.stderr())
                    .contains("missing --request FILE or --from-signature DIR"));
    assertThat(
            CommandRun.of(
                    "loadtest",
                    "--url",
                    server.url(),
                    "--model",
                    "m",
                    "--request",
                    request,
                    "--from-signature",
                    dir.toString())
                .exitCode())
        .isEqualTo(2);
    assertThat(
            CommandRun.of(
                "loadtest",
                "--url",
                server.url(),
                "--model",
                "m",
                "--request",
                request,
                "--duration",
                "5x"))
        .satisfies(run -> assertThat(run.exitCode()).isEqualTo(2))
        .satisfies(run -> assertThat(run.stderr()).contains("'5x' is not a duration"));
    assertThat(
            CommandRun.of(
                "loadtest",
                "--url",
                server.url(),
                "--model",
                "m",
                "--request",
                request,
                "--duration",
                "5s",
                "--requests",
                "3"))
        .satisfies(run -> assertThat(run.exitCode()).isEqualTo(1))
        .satisfies(
            run ->
                assertThat(run.stderr())
                    .contains("error: --duration and --requests both bound the run"));
    assertThat(
            CommandRun.of(
                "loadtest", "--url", "https://example.com", "--model", "m", "--request", request))
        .satisfies(run -> assertThat(run.exitCode()).isEqualTo(1))
        .satisfies(
            run ->
                assertThat(run.stderr())
                    .contains("error: --url https://example.com is not an http:// URL"));
    assertThat(CommandRun.of("loadtest", "--url", server.url(), "--request", request))
        .satisfies(run -> assertThat(run.exitCode()).isEqualTo(1))
        .satisfies(run -> assertThat(run.stderr()).contains("pass --model-name NAME"));
  }

  @Test
  void parsesDurationsAsEveryOtherFlagDoes() {
    DurationConverter converter = new DurationConverter();

    assertThat(converter.convert("30s")).hasSeconds(30);
    assertThat(converter.convert("500ms")).hasMillis(500);
    assertThat(converter.convert("1m30s")).hasSeconds(90);
    assertThat(converter.convert("2h")).hasHours(2);
    assertThat(converter.convert("1.5")).hasMillis(1500);
    assertThat(converter.convert("1.5s")).hasMillis(1500);
  }
}
