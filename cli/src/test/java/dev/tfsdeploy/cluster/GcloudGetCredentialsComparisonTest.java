package dev.tfsdeploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.cli.Main;
import dev.tfsdeploy.cluster.kubeconfig.Kubeconfig;
import dev.tfsdeploy.cluster.testing.GkeApiServer;
import dev.tfsdeploy.cluster.testing.GkeClusterJson;
import dev.tfsdeploy.gcp.testing.GoogleTokenServer;
import dev.tfsdeploy.gcp.testing.TestServiceAccount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tfs-deploy setup} and {@code gcloud container clusters get-credentials}, both pointed at
 * the same loopback GKE API, must name and address the cluster identically: context, cluster and
 * user names, server and CA data.
 */
class GcloudGetCredentialsComparisonTest {
  static final Path GCLOUD = Path.of("/usr/bin/gcloud");
  static final String PROJECT = "ml-prod";
  static final String LOCATION = "us-central1";
  static final String CLUSTER = "serving";

  @TempDir Path dir;
  GoogleTokenServer google;
  GkeApiServer gke;
  TestServiceAccount deployer = TestServiceAccount.create("deployer", PROJECT);
  String gcloudToken = "ya29.gcloud-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

  @BeforeEach
  void startGoogle() throws IOException {
    assumeTrue(Files.isExecutable(GCLOUD), "gcloud is not installed at " + GCLOUD);
    google = new GoogleTokenServer().register(deployer);
    gke = new GkeApiServer(token -> google.issued(token) || token.equals(gcloudToken));
    String ca =
        Base64.getEncoder()
            .encodeToString(
                "-----BEGIN CERTIFICATE-----\nMIIDtest\n-----END CERTIFICATE-----\n"
                    .getBytes(StandardCharsets.UTF_8));
    ObjectNode cluster = GkeClusterJson.running(PROJECT, LOCATION, CLUSTER, "35.232.10.4", ca);
    gke.add(PROJECT, LOCATION, GkeClusterJson.privateCluster(cluster, "10.0.0.2"));
  }

  @AfterEach
  void stopGoogle() {
    if (gke != null) {
      gke.close();
      google.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"public", "--internal-ip", "--dns-endpoint"})
  void setupWritesWhatGcloudWrites(String endpointFlag) throws Exception {
    List<String> flags = endpointFlag.equals("public") ? List.of() : List.of(endpointFlag);
    Kubeconfig fromGcloud = gcloudGetCredentials(flags);
    Kubeconfig fromSetup = setup(flags);

    String context = fromGcloud.currentContext().orElseThrow();
    assertThat(context).isEqualTo("gke_ml-prod_us-central1_serving");
    assertThat(fromSetup.currentContext()).contains(context);
    assertThat(fromSetup.context(context)).isEqualTo(fromGcloud.context(context));
    assertThat(fromSetup.names("clusters")).isEqualTo(fromGcloud.names("clusters"));
    assertThat(fromSetup.names("users")).isEqualTo(fromGcloud.names("users"));
    assertThat(fromSetup.cluster(context)).isEqualTo(fromGcloud.cluster(context));
  }

  Kubeconfig gcloudGetCredentials(List<String> flags) throws Exception {
    Path home = Files.createDirectories(dir.resolve("gcloud-home"));
    Path kubeconfig = dir.resolve("gcloud-kubeconfig");
    Path tokenFile = Files.writeString(dir.resolve("access-token"), gcloudToken);
    List<String> command =
        new ArrayList<>(
            List.of(
                GCLOUD.toString(),
                "container",
                "clusters",
                "get-credentials",
                CLUSTER,
                "--location",
                LOCATION,
                "--project",
                PROJECT));
    command.addAll(flags);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            name ->
                name.startsWith("CLOUDSDK_")
                    || name.startsWith("GOOGLE_")
                    || name.equals("KUBECONFIG"));
    env.put("HOME", home.toString());
    env.put("CLOUDSDK_CONFIG", home.resolve("config").toString());
    env.put("CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER", gke.baseUrl());
    env.put("CLOUDSDK_AUTH_ACCESS_TOKEN_FILE", tokenFile.toString());
    env.put("CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true");
    env.put("CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true");
    env.put("CLOUDSDK_CORE_CHECK_GCE_METADATA", "false");
    env.put("CLOUDSDK_CORE_DISABLE_PROMPTS", "true");
    env.put("KUBECONFIG", kubeconfig.toString());
    Process gcloud = builder.start();
    String output = new String(gcloud.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(gcloud.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(gcloud.exitValue()).as(output).isZero();
    return Kubeconfig.parse(Files.readString(kubeconfig), kubeconfig.toString());
  }

  Kubeconfig setup(List<String> flags) throws IOException {
    Path kubeconfig = dir.resolve("setup-kubeconfig");
    Map<String, String> env = new HashMap<>();
    env.put(
        "GOOGLE_APPLICATION_CREDENTIALS", deployer.writeKeyFile(dir, google.tokenUri()).toString());
    env.put("CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER", gke.baseUrl());
    env.put("KUBECONFIG", kubeconfig.toString());
    List<String> args =
        new ArrayList<>(
            List.of("setup", "--project", PROJECT, "--location", LOCATION, "--cluster", CLUSTER));
    args.addAll(flags);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
    Console console =
        new Console(
            new PrintStream(new ByteArrayOutputStream()),
            stderr,
            new ActionsEnvironment(env),
            false);
    int exit = Main.run(args.toArray(String[]::new), console, env);
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return Kubeconfig.parse(Files.readString(kubeconfig), kubeconfig.toString());
  }
}
