package dev.tfsdeploy.cluster.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.GkeKubeconfig;
import dev.tfsdeploy.cluster.gke.ClusterEndpoint;
import dev.tfsdeploy.cluster.gke.ClusterId;
import dev.tfsdeploy.cluster.gke.EndpointChoice;
import dev.tfsdeploy.cluster.kubeconfig.ExecPlugin;
import dev.tfsdeploy.cluster.testing.KubernetesApiServer;
import dev.tfsdeploy.gcp.testing.GoogleTokenServer;
import dev.tfsdeploy.gcp.testing.TestServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesClientsTest {
  @TempDir Path dir;
  GoogleTokenServer google;
  KubernetesApiServer kubernetes;
  TestServiceAccount deployer = TestServiceAccount.create("deployer", "ml-prod");
  Path key;
  Path kubeconfig;
  List<String> masked = new CopyOnWriteArrayList<>();
  Set<String> otherValidTokens = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws IOException {
    google = new GoogleTokenServer().register(deployer);
    kubernetes =
        new KubernetesApiServer(token -> google.issued(token) || otherValidTokens.contains(token));
    key = deployer.writeKeyFile(dir, google.tokenUri());
    kubeconfig = dir.resolve("config");
    kubernetes
        .adminClient()
        .apps()
        .deployments()
        .inNamespace("default")
        .resource(deployment("half-plus-two"))
        .create();
  }

  @AfterEach
  void stop() {
    kubernetes.close();
    google.close();
  }

  static Deployment deployment(String name) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("serving")
        .withImage("tensorflow/serving:2.19.1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  void writeSetupKubeconfig() {
    ClusterEndpoint endpoint =
        new ClusterEndpoint(
            new ClusterId("ml-prod", "us-central1", "serving"),
            "https://" + kubernetes.endpoint(),
            Optional.of(kubernetes.caData()),
            EndpointChoice.PUBLIC);
    GkeKubeconfig.merge(
        kubeconfig,
        endpoint,
        new ExecPlugin(
            List.of("/nonexistent/java", "-jar", "/nonexistent/tfs-deploy.jar"), Optional.of(key)));
  }

  @Test
  void aTfsDeployContextGetsGoogleTokensInProcessOverTheClustersTls() {
    writeSetupKubeconfig();

    try (KubernetesClient client =
        KubernetesClients.forKubeconfig(
            kubeconfig, Optional.empty(), name -> Optional.empty(), masked::add)) {
      assertThat(client.apps().deployments().inNamespace("default").list().getItems())
          .extracting(d -> d.getMetadata().getName())
          .containsExactly("half-plus-two");
    }

    assertThat(kubernetes.authorizations())
        .isNotEmpty()
        .allSatisfy(
            header -> {
              assertThat(header).startsWith("Bearer ");
              assertThat(google.issued(header.substring("Bearer ".length()))).isTrue();
            });
    assertThat(masked).containsAll(google.issuedTokens());
  }

  @Test
  void anyOtherUserIsLeftToFabric8sKubeconfigSupport() throws IOException {
    String staticToken = "static-" + System.nanoTime();
    otherValidTokens.add(staticToken);
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        current-context: other
        clusters:
        - name: other
          cluster: {server: "https://%s", certificate-authority-data: %s}
        users:
        - name: other
          user: {token: %s}
        contexts:
        - name: other
          context: {cluster: other, user: other}
        """
            .formatted(kubernetes.endpoint(), kubernetes.caData(), staticToken));

    try (KubernetesClient client =
        KubernetesClients.forKubeconfig(
            kubeconfig, Optional.empty(), name -> Optional.empty(), masked::add)) {
      assertThat(client.apps().deployments().inNamespace("default").list().getItems()).hasSize(1);
    }

    assertThat(kubernetes.authorizations()).containsOnly("Bearer " + staticToken);
    assertThat(google.requests()).isEmpty();
  }

  @Test
  void aMissingContextIsAUserError() {
    writeSetupKubeconfig();

    assertThatThrownBy(
            () ->
                KubernetesClients.forKubeconfig(
                    kubeconfig, Optional.of("nope"), name -> Optional.empty(), masked::add))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("has no context \"nope\"");
  }
}
