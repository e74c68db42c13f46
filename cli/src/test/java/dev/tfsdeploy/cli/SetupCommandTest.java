package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfsdeploy.cluster.kubeconfig.Kubeconfig;
import dev.tfsdeploy.cluster.testing.GkeApiServer;
import dev.tfsdeploy.cluster.testing.GkeClusterJson;
import dev.tfsdeploy.gcp.testing.GoogleTokenServer;
import dev.tfsdeploy.gcp.testing.TestServiceAccount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupCommandTest {
  static final String PROJECT = "ml-prod";
  static final String LOCATION = "europe-west4-a";
  static final String CLUSTER = "serving";
  static final String CONTEXT = "gke_ml-prod_europe-west4-a_serving";
  static final String CA_DATA =
      Base64.getEncoder()
          .encodeToString(
              "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n"
                  .getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;
  GoogleTokenServer google;
  GkeApiServer gke;
  TestServiceAccount deployer = TestServiceAccount.create("deployer", PROJECT);
  Path key;
  Path kubeconfig;
  ObjectNode serving = GkeClusterJson.running(PROJECT, LOCATION, CLUSTER, "34.90.12.7", CA_DATA);

  @BeforeEach
  void startGoogle() throws IOException {
    google = new GoogleTokenServer().register(deployer);
    gke = new GkeApiServer(google::issued);
    gke.add(PROJECT, LOCATION, serving);
    gke.add(
        PROJECT,
        LOCATION,
        GkeClusterJson.running(PROJECT, LOCATION, "batch", "34.90.12.8", CA_DATA));
    key = deployer.writeKeyFile(dir, google.tokenUri());
    kubeconfig = dir.resolve("kube").resolve("config");
  }

  @AfterEach
  void stopGoogle() {
    gke.close();
    google.close();
  }

  ClusterCommandRunner cli() {
    return new ClusterCommandRunner()
        .env("GOOGLE_APPLICATION_CREDENTIALS", key.toString())
        .env("CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER", gke.baseUrl())
        .env("HOME", dir.toString());
  }

  ClusterCommandRunner.Run setup(ClusterCommandRunner cli, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "setup",
                "--project",
                PROJECT,
                "--location",
                LOCATION,
                "--cluster",
                CLUSTER,
                "--kubeconfig",
                kubeconfig.toString()));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  Kubeconfig written() throws IOException {
    return Kubeconfig.parse(Files.readString(kubeconfig), kubeconfig.toString());
  }

  @Test
  void writesClusterContextAndUserUnderGcloudsNamesAndMakesItCurrent() throws IOException {
    ClusterCommandRunner.Run run = setup(cli());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    Kubeconfig config = written();
    assertThat(config.currentContext()).contains(CONTEXT);
    assertThat(config.context(CONTEXT)).contains(Map.of("cluster", CONTEXT, "user", CONTEXT));
    assertThat(config.cluster(CONTEXT))
        .contains(Map.of("server", "https://34.90.12.7", "certificate-authority-data", CA_DATA));
  }

  @Test
  @SuppressWarnings("unchecked")
  void userEntryRunsTheTokenCommandAsAnExecCredentialPluginWithTheSameCredentials()
      throws IOException {
    setup(cli());

    @SuppressWarnings("unchecked")
    Map<String, Object> exec =
        (Map<String, Object>) written().user(CONTEXT).orElseThrow().get("exec");
    assertThat(exec)
        .containsEntry("apiVersion", "client.authentication.k8s.io/v1")
        .containsEntry("interactiveMode", "Never")
        .containsEntry("provideClusterInfo", false);
    // The plugin script answering from the token cache, else starting java ... token.
    Path command = Path.of((String) exec.get("command"));
    assertThat(command)
        .isAbsolute()
        .isExecutable()
        .isEqualTo(dir.resolve(".cache/tfs-deploy/tfs-deploy-token"));
    assertThat(Files.readString(command)).containsPattern("exec '[^']*/bin/java' ");
    assertThat((List<Object>) exec.get("args"))
        .containsSubsequence("token", "--credentials", key.toString());
  }

  @Test
  void callsTheGkeApiWithTheAccessTokenIssuedForTheKeysSignedJwt() {
    setup(cli());

    assertThat(google.requests()).contains("POST /token");
    assertThat(gke.requests())
        .containsExactly("GET /v1/projects/ml-prod/locations/europe-west4-a/clusters/serving");
    assertThat(gke.bearerTokens()).hasSize(1).allMatch(google::issued);
  }

  @Test
  void printsTheKubeconfigPathAndNeverAToken() {
    ClusterCommandRunner.Run run = setup(cli());

    assertThat(run.stdout()).isEqualTo(kubeconfig + System.lineSeparator());
    assertThat(run.stderr()).contains(CONTEXT).contains("deployer@ml-prod.iam.gserviceaccount.com");
    assertThat(google.issuedTokens()).isNotEmpty().noneMatch(token -> run.all().contains(token));
  }

  @Test
  void writesTheKubeconfigReadableOnlyByItsOwner() throws IOException {
    setup(cli());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)))
        .isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(kubeconfig.getParent())) {
      assertThat(files).containsExactly(kubeconfig);
    }
  }

  @Test
  void mergesIntoAnExistingKubeconfigKeepingOtherEntriesAndReplacingItsOwn() throws IOException {
    Files.createDirectories(kubeconfig.getParent());
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        current-context: kind-dev
        preferences:
          colors: true
        clusters:
        - name: kind-dev
          cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: AAAA}
        - name: gke_ml-prod_europe-west4-a_serving
          cluster: {server: "https://10.0.0.1"}
        users:
        - name: kind-dev
          user: {token: kind-token}
        - name: gke_ml-prod_europe-west4-a_serving
          user: {token: stale}
        contexts:
        - name: kind-dev
          context: {cluster: kind-dev, user: kind-dev, namespace: web}
        - name: gke_ml-prod_europe-west4-a_serving
          context: {cluster: gke_ml-prod_europe-west4-a_serving, user: gke_ml-prod_europe-west4-a_serving}
        """);

    assertThat(setup(cli()).exitCode()).isZero();

    Kubeconfig config = written();
    assertThat(config.currentContext()).contains(CONTEXT);
    assertThat(config.names("clusters")).containsExactly("kind-dev", CONTEXT);
    assertThat(config.names("users")).containsExactly("kind-dev", CONTEXT);
    assertThat(config.names("contexts")).containsExactly("kind-dev", CONTEXT);
    assertThat(config.cluster("kind-dev").orElseThrow())
        .containsEntry("server", "https://127.0.0.1:6443");
    assertThat(config.user("kind-dev").orElseThrow()).containsEntry("token", "kind-token");
    assertThat(config.context("kind-dev").orElseThrow()).containsEntry("namespace", "web");
    assertThat(config.cluster(CONTEXT).orElseThrow()).containsEntry("server", "https://34.90.12.7");
    assertThat(config.user(CONTEXT).orElseThrow()).containsKey("exec").doesNotContainKey("token");
    assertThat(Files.readString(kubeconfig)).contains("colors: true");
  }

  @Test
  void internalIpPointsAtThePrivateEndpointWithTheClusterCa() throws IOException {
    GkeClusterJson.privateCluster(serving, "10.128.0.2");

    assertThat(setup(cli(), "--internal-ip").exitCode()).isZero();

    assertThat(written().cluster(CONTEXT))
        .contains(Map.of("server", "https://10.128.0.2", "certificate-authority-data", CA_DATA));
  }

  @Test
  void dnsEndpointPointsAtTheDnsNameWithoutACa() throws IOException {
    assertThat(setup(cli(), "--dns-endpoint").exitCode()).isZero();

    assertThat(written().cluster(CONTEXT))
        .contains(Map.of("server", "https://" + GkeClusterJson.dnsEndpoint(serving)));
  }

  @Test
  void internalIpOfAPublicClusterIsRefusedWithoutTouchingTheKubeconfig() {
    ClusterCommandRunner.Run run = setup(cli(), "--internal-ip");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("is not a private cluster").contains("drop --internal-ip");
    assertThat(kubeconfig).doesNotExist();
  }

  @Test
  void internalIpAndDnsEndpointTogetherAreAUsageError() {
    ClusterCommandRunner.Run run = setup(cli(), "--internal-ip", "--dns-endpoint");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("mutually exclusive");
  }

  @Test
  void takesProjectLocationAndClusterFromThePredecessorsVariables() throws IOException {
    ClusterCommandRunner.Run run =
        cli()
            .env("GCP_PROJECT_ID", PROJECT)
            .env("GKE_ZONE", LOCATION)
            .env("GKE_CLUSTER_NAME", CLUSTER)
            .env("KUBECONFIG", kubeconfig + java.io.File.pathSeparator + dir.resolve("other"))
            .run("setup");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(written().currentContext()).contains(CONTEXT);
  }

  @Test
  void takesTheProjectGoogleGithubActionsAuthExportedWhenNoneIsGiven() throws IOException {
    ClusterCommandRunner.Run run =
        cli()
            .env("CLOUDSDK_CORE_PROJECT", PROJECT)
            .env("GOOGLE_CLOUD_PROJECT", "elsewhere")
            .run(
                "setup",
                "--location",
                LOCATION,
                "--cluster",
                CLUSTER,
                "--kubeconfig",
                kubeconfig.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(written().currentContext()).contains(CONTEXT);
  }

  @Test
  void thePredecessorsProjectVariableWinsOverTheOnesAuthExported() throws IOException {
    ClusterCommandRunner.Run run =
        cli()
            .env("GCP_PROJECT_ID", PROJECT)
            .env("CLOUDSDK_CORE_PROJECT", "elsewhere")
            .run(
                "setup",
                "--location",
                LOCATION,
                "--cluster",
                CLUSTER,
                "--kubeconfig",
                kubeconfig.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(written().currentContext()).contains(CONTEXT);
  }

  @Test
  void helpDescribesTheOptionsAndTheirVariables() {
    ClusterCommandRunner.Run run = cli().run("setup", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .contains(
            "--internal-ip", "--dns-endpoint", "GCP_PROJECT_ID", "GKE_ZONE", "GKE_CLUSTER_NAME");
  }

  @Test
  void aMissingProjectIsAUsageErrorNamingItsVariables() {
    ClusterCommandRunner.Run run = cli().run("setup", "--location", LOCATION, "--cluster", CLUSTER);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("--project")
        .contains("GCP_PROJECT_ID")
        .contains("CLOUDSDK_CORE_PROJECT");
  }

  @Test
  void underActionsExportsKubeconfigAndSetsTheKubeconfigPathOutput() throws IOException {
    Path githubEnv = Files.createFile(dir.resolve("github_env"));
    Path githubOutput = Files.createFile(dir.resolve("github_output"));

    ClusterCommandRunner.Run run =
        setup(
            cli()
                .env("GITHUB_ACTIONS", "true")
                .env("GITHUB_ENV", githubEnv.toString())
                .env("GITHUB_OUTPUT", githubOutput.toString()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readString(githubEnv))
        .containsPattern("KUBECONFIG<<ghadelimiter_.*\n" + kubeconfig + "\n");
    assertThat(Files.readString(githubOutput))
        .containsPattern("kubeconfig-path<<ghadelimiter_.*\n" + kubeconfig + "\n");
    // The runner learns each token through ::add-mask:: and nowhere else.
    for (String token : google.issuedTokens()) {
      assertThat(run.stderr().lines().filter(line -> line.contains(token)))
          .containsExactly("::add-mask::" + token);
      assertThat(run.stdout()).doesNotContain(token);
    }
  }

  @Test
  void anUnknownClusterIsReportedWithTheClustersThatDoExist() {
    ClusterCommandRunner.Run run =
        cli()
            .run(
                "setup",
                "--project",
                PROJECT,
                "--location",
                LOCATION,
                "--cluster",
                "servng",
                "--kubeconfig",
                kubeconfig.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr().lines().filter(line -> line.startsWith("error:"))).hasSize(1);
    assertThat(run.stderr())
        .contains("cluster \"servng\" not found in project ml-prod, location europe-west4-a")
        .contains("clusters there: batch, serving");
    assertThat(kubeconfig).doesNotExist();
  }

  @Test
  void permissionDeniedNamesThePrincipalThePermissionAndTheRoleToGrant() {
    gke.deny("container.clusters.get");

    ClusterCommandRunner.Run run = setup(cli());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr().lines().filter(line -> line.startsWith("error:"))).hasSize(1);
    assertThat(run.stderr())
        .contains(
            "permission denied: deployer@ml-prod.iam.gserviceaccount.com lacks"
                + " container.clusters.get")
        .contains("roles/container.clusterViewer");
  }

  @Test
  void aMalformedKeyFileIsNamedAndNothingIsWritten() throws IOException {
    Files.writeString(key, "{\"type\": \"service_account\", \"client_email\": \"x@y\"");

    ClusterCommandRunner.Run run = setup(cli());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("malformed Google credentials file " + key)
        .contains("not JSON");
    assertThat(kubeconfig).doesNotExist();
  }

  @Test
  void aKeyFileMissingItsPrivateKeyIsMalformed() throws IOException {
    Files.writeString(
        key, "{\"type\": \"service_account\", \"client_email\": \"x@y\", \"client_id\": \"1\"}");

    ClusterCommandRunner.Run run = setup(cli());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("malformed Google credentials file " + key)
        .contains("service_account");
  }

  @Test
  void withoutCredentialsSaysHowToProvideThem() {
    ClusterCommandRunner.Run run =
        new ClusterCommandRunner()
            .env("HOME", dir.toString())
            .env("NO_GCE_CHECK", "true") // also on a Compute Engine machine
            .run(
                "setup",
                "--project",
                PROJECT,
                "--location",
                LOCATION,
                "--cluster",
                CLUSTER,
                "--kubeconfig",
                kubeconfig.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("no Google credentials found")
        .contains("google-github-actions/auth")
        .contains("GOOGLE_APPLICATION_CREDENTIALS")
        .contains("--credentials")
        .contains("gcloud auth application-default login");
  }

  @Test
  void aKeyTheTokenServerDoesNotTrustIsRefusedWithGooglesReason() throws IOException {
    TestServiceAccount impostor = TestServiceAccount.create("deployer", PROJECT);
    Path impostorKey = impostor.writeKeyFile(dir, google.tokenUri());

    ClusterCommandRunner.Run run = setup(cli(), "--credentials", impostorKey.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("Google refused the credentials in " + impostorKey)
        .contains("Invalid JWT Signature");
    assertThat(gke.requests()).isEmpty();
  }

  @Test
  void anUnreachableGkeApiIsReportedAsSuch() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    ClusterCommandRunner.Run run =
        setup(
            cli()
                .env(
                    "CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER",
                    "http://127.0.0.1:" + closedPort + "/"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("the GKE API at http://127.0.0.1:" + closedPort + " is unreachable");
  }
}
