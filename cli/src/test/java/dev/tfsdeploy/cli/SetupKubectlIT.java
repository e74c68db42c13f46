package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.cluster.kubeconfig.Kubeconfig;
import dev.tfsdeploy.cluster.kubeconfig.TokenPluginScripts;
import dev.tfsdeploy.cluster.testing.GkeApiServer;
import dev.tfsdeploy.cluster.testing.GkeClusterJson;
import dev.tfsdeploy.cluster.testing.KubernetesApiServer;
import dev.tfsdeploy.gcp.testing.GoogleTokenServer;
import dev.tfsdeploy.gcp.testing.TestServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path, with real processes: the fat jar's {@code setup} finds the cluster through the
 * loopback GKE API and writes a kubeconfig; the real kubectl then reads it, runs the jar's {@code
 * token} command as its exec credential plugin, and lists Deployments on a Kubernetes API server
 * over TLS, trusting the cluster CA that setup wrote.
 */
class SetupKubectlIT {
  static final Path KUBECTL = Path.of("/usr/bin/kubectl");

  @TempDir Path dir;
  GoogleTokenServer google;
  KubernetesApiServer kubernetes;
  GkeApiServer gke;
  TestServiceAccount deployer = TestServiceAccount.create("deployer", "ml-prod");
  Path jar;
  Path key;
  Path kubeconfig;

  @BeforeEach
  void start() throws IOException {
    assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
    String jarProperty = System.getProperty("tfsdeploy.jar");
    assertThat(jarProperty).as("system property tfsdeploy.jar (set by failsafe)").isNotNull();
    jar = Path.of(jarProperty);
    assertThat(jar)
        .as("the fat jar; run `./mvnw verify`, which packages before integration tests")
        .isRegularFile();

    google = new GoogleTokenServer().register(deployer);
    kubernetes = new KubernetesApiServer(google::issued);
    gke = new GkeApiServer(google::issued);
    gke.add(
        "ml-prod",
        "us-central1",
        GkeClusterJson.running(
            "ml-prod", "us-central1", "serving", kubernetes.endpoint(), kubernetes.caData()));
    key = deployer.writeKeyFile(dir, google.tokenUri());
    kubeconfig = dir.resolve(".kube").resolve("config");
    kubernetes
        .adminClient()
        .apps()
        .deployments()
        .inNamespace("default")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("half-plus-two")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "half-plus-two")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "half-plus-two")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("serving")
                .withImage("tensorflow/serving:2.19.1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  @AfterEach
  void stop() {
    if (google != null) {
      gke.close();
      kubernetes.close();
      google.close();
    }
  }

  @Test
  void kubectlListsDeploymentsThroughTheTokenPluginOfTheKubeconfigSetupWrote() throws Exception {
    Result setup =
        run(
            List.of(
                "java",
                "-jar",
                jar.toString(),
                "setup",
                "--project",
                "ml-prod",
                "--location",
                "us-central1",
                "--cluster",
                "serving"),
            Map.of(
                "GOOGLE_APPLICATION_CREDENTIALS", key.toString(),
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER", gke.baseUrl(),
                "KUBECONFIG", kubeconfig.toString()));
    assertThat(setup.exitCode()).as(setup.stderr()).isZero();
    assertThat(setup.stdout().strip()).isEqualTo(kubeconfig.toString());

    // No Google variables: the kubeconfig alone must say how to get a token.
    Result kubectl =
        run(
            List.of(KUBECTL.toString(), "get", "deployments", "-o", "name"),
            Map.of("KUBECONFIG", kubeconfig.toString()));

    assertThat(kubectl.exitCode()).as(kubectl.stderr()).isZero();
    assertThat(kubectl.stdout().strip()).isEqualTo("deployment.apps/half-plus-two");
    assertThat(kubernetes.authorizations())
        .isNotEmpty()
        .allSatisfy(
            header -> {
              assertThat(header).startsWith("Bearer ");
              assertThat(google.issued(header.substring("Bearer ".length())))
                  .as("token issued by the Google token server")
                  .isTrue();
            });
    for (String token : google.issuedTokens()) {
      assertThat(setup.stdout() + setup.stderr() + kubectl.stdout() + kubectl.stderr())
          .doesNotContain(token);
    }
    assertThat(Files.readString(kubeconfig)).doesNotContain(google.issuedTokens());
  }

  @Test
  void theJarsTokenCommandPrintsAnExecCredentialKubectlCanRead() throws Exception {
    Result token =
        run(
            List.of("java", "-jar", jar.toString(), "token", "--credentials", key.toString()),
            Map.of(
                "KUBERNETES_EXEC_INFO",
                "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}"));

    assertThat(token.exitCode()).as(token.stderr()).isZero();
    JsonNode credential = new ObjectMapper().readTree(token.stdout());
    assertThat(credential.path("kind").asText()).isEqualTo("ExecCredential");
    assertThat(google.issued(credential.path("status").path("token").asText())).isTrue();
    assertThat(token.stderr()).isEmpty();
  }

  @Test
  void theKubeconfigRunsTheJarWithAbsolutePaths() throws Exception {
    run(
        List.of(
            "java",
            "-jar",
            jar.toString(),
            "setup",
            "--project",
            "ml-prod",
            "--location",
            "us-central1",
            "--cluster",
            "serving"),
        Map.of(
            "GOOGLE_APPLICATION_CREDENTIALS",
            key.toString(),
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER",
            gke.baseUrl(),
            "KUBECONFIG",
            kubeconfig.toString()));

    Kubeconfig written = Kubeconfig.parse(Files.readString(kubeconfig), kubeconfig.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> exec =
        (Map<String, Object>)
            written.user("gke_ml-prod_us-central1_serving").orElseThrow().get("exec");
    Path script = Path.of((String) exec.get("command"));
    assertThat(script).isAbsolute().isExecutable();
    assertThat((List<Object>) exec.get("args"))
        .containsExactly("token", "--credentials", key.toString());
    assertThat(TokenPluginScripts.javaCommand(script))
        .containsSubsequence("-cp", jar.toRealPath().toString(), "dev.tfsdeploy.cli.Main");
    assertThat(Path.of(TokenPluginScripts.javaCommand(script).get(0))).isAbsolute().isExecutable();
  }

  @Test
  void onAComputeEngineRunnerSetupAndKubectlUseTheMetadataServersProjectAndServiceAccount()
      throws Exception {
    google.serveMetadata("ml-prod", "runner@ml-prod.iam.gserviceaccount.com");
    Map<String, String> onGce = Map.of("GCE_METADATA_HOST", google.metadataHost());
    Map<String, String> setupEnv = new java.util.HashMap<>(onGce);
    setupEnv.put("CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER", gke.baseUrl());
    setupEnv.put("KUBECONFIG", kubeconfig.toString());

    Result setup =
        run(
            List.of(
                "java",
                "-jar",
                jar.toString(),
                "setup",
                "--location",
                "us-central1",
                "--cluster",
                "serving"),
            setupEnv);
    Result kubectl =
        run(
            List.of(KUBECTL.toString(), "get", "deployments", "-o", "name"),
            Map.of(
                "KUBECONFIG", kubeconfig.toString(), "GCE_METADATA_HOST", google.metadataHost()));

    assertThat(setup.exitCode()).as(setup.stderr()).isZero();
    assertThat(setup.stderr())
        .contains("project ml-prod (from the metadata server)")
        .contains(
            "Google credentials: runner@ml-prod.iam.gserviceaccount.com from the metadata server at"
                + " "
                + google.metadataHost());
    assertThat(execArgs()).contains("token").doesNotContain("--credentials");
    assertThat(kubectl.exitCode()).as(kubectl.stderr()).isZero();
    assertThat(kubectl.stdout().strip()).isEqualTo("deployment.apps/half-plus-two");
    assertThat(kubernetes.authorizations())
        .isNotEmpty()
        .allSatisfy(
            header -> assertThat(google.issued(header.substring("Bearer ".length()))).isTrue());
    assertThat(google.requests())
        .contains("GET /computeMetadata/v1/instance/service-accounts/default/token")
        .doesNotContain("POST /token");
    for (String token : google.issuedTokens()) {
      assertThat(setup.stdout() + setup.stderr() + kubectl.stdout() + kubectl.stderr())
          .doesNotContain(token);
    }
  }

  @Test
  void onAVmWithoutAServiceAccountTokenSaysWhatToAttach() throws Exception {
    google.serveMetadata("ml-prod", null);

    Result token =
        run(
            List.of("java", "-jar", jar.toString(), "token"),
            Map.of("GCE_METADATA_HOST", google.metadataHost()));

    assertThat(token.exitCode()).isEqualTo(1);
    assertThat(token.stdout()).isEmpty();
    assertThat(token.stderr().strip().lines())
        .singleElement()
        .asString()
        .startsWith(
            "error: the metadata server at "
                + google.metadataHost()
                + " (from GCE_METADATA_HOST) gave no access token (HTTP 404)")
        .contains("attach a service account")
        .doesNotContain("NO_GCE_CHECK");
  }

  @Test
  void aMetadataServerFailingItselfIsReportedWithItsStatusNotAsAMissingServiceAccount()
      throws Exception {
    google
        .serveMetadata("ml-prod", "runner@ml-prod.iam.gserviceaccount.com")
        .failTokenRequests(503, false);

    Result token =
        run(
            List.of("java", "-jar", jar.toString(), "token"),
            Map.of("GCE_METADATA_HOST", google.metadataHost()));

    assertThat(token.exitCode()).isEqualTo(1);
    assertThat(token.stderr().strip().lines())
        .singleElement()
        .asString()
        .startsWith(
            "error: the metadata server at "
                + google.metadataHost()
                + " (from GCE_METADATA_HOST) failed to issue a token (HTTP 503)")
        .contains("run the step again")
        .doesNotContain("attach a service account");
  }

  @Test
  void anUnreachableMetadataServerIsNamedWithTheWaysToFixIt() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    Result token =
        run(
            List.of("java", "-jar", jar.toString(), "token"),
            Map.of("GCE_METADATA_HOST", "127.0.0.1:" + closedPort));

    assertThat(token.exitCode()).isEqualTo(1);
    assertThat(token.stderr().strip().lines())
        .singleElement()
        .asString()
        .startsWith(
            "error: cannot reach the metadata server at 127.0.0.1:"
                + closedPort
                + " (from GCE_METADATA_HOST)")
        .contains("GOOGLE_APPLICATION_CREDENTIALS");
  }

  @SuppressWarnings("unchecked")
  private List<Object> execArgs() throws IOException {
    Kubeconfig written = Kubeconfig.parse(Files.readString(kubeconfig), kubeconfig.toString());
    return (List<Object>)
        ((Map<String, Object>)
                written.user("gke_ml-prod_us-central1_serving").orElseThrow().get("exec"))
            .get("args");
  }

  record Result(int exitCode, String stdout, String stderr) {}

  Result run(List<String> command, Map<String, String> env) throws Exception {
    List<String> line = new ArrayList<>(command);
    if (line.get(0).equals("java")) {
      line.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
    ProcessBuilder builder = new ProcessBuilder(line).directory(dir.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().put("HOME", dir.toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<String> stderr =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String stdout = read(process.getInputStream());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", line).isTrue();
    return new Result(process.exitValue(), stdout, stderr.get());
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
