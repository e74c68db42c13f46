package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which cluster and namespace a step works on; nothing here reaches the (made-up) API server. */
class ClusterConnectionTest {
  static final String TOKEN = "kubeconfig-token-6f1c2a";

  @TempDir Path temp;
  final StepContexts steps = new StepContexts();
  Path kubeconfig;

  @BeforeEach
  void kubeconfig() throws IOException {
    kubeconfig =
        Files.writeString(
            temp.resolve("config"),
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:6443"}
            users:
            - name: u
              user: {token: %s}
            contexts:
            - name: plain
              context: {cluster: c, user: u}
            - name: team
              context: {cluster: c, user: u, namespace: team-a}
            current-context: plain
            """
                .formatted(TOKEN));
  }

  private String namespace(ClusterConnection connection) {
    try (KubernetesClient client = connection.connect(steps.context.console())) {
      return client.getNamespace();
    }
  }

  @Test
  void aContextWithoutNamespaceWorksInDefault() {
    assertThat(namespace(new ClusterConnection(kubeconfig, null, null))).isEqualTo("default");
  }

  @Test
  void theContextsNamespaceIsUsedUnlessOneIsGiven() {
    assertThat(namespace(new ClusterConnection(kubeconfig, "team", null))).isEqualTo("team-a");
    assertThat(namespace(new ClusterConnection(kubeconfig, "team", "other"))).isEqualTo("other");
  }

  @Test
  void theKubeconfigsTokenIsMaskedTheMomentItIsRead() {
    namespace(new ClusterConnection(kubeconfig, null, null));

    steps.context.console().info("token " + TOKEN);

    assertThat(steps.stderr()).doesNotContain(TOKEN);
  }

  @Test
  void theKubeconfigSetupWroteReplacesTheGivenOneKeepingContextAndNamespace() {
    ClusterConnection given = new ClusterConnection(temp.resolve("old"), "team", "other");

    assertThat(given.withKubeconfig(kubeconfig))
        .isEqualTo(new ClusterConnection(kubeconfig, "team", "other"));
  }
}
