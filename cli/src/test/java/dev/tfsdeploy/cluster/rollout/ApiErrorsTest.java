package dev.tfsdeploy.cluster.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {
  @Test
  void noAnswerAtAllIsAnUnreachableServer() {
    KubernetesClientException refused =
        new KubernetesClientException(
            "Operation: [get]  for kind: [Deployment]", new ConnectException("Connection refused"));

    var error = ApiErrors.error("reading the app's status", refused, "serving");

    assertThat(error.oneLine())
        .isEqualTo(
            "cannot reach the Kubernetes API server while reading the app's status: Connection"
                + " refused — check that the cluster is reachable from here (kubeconfig server"
                + " address, VPN, authorized networks)");
  }

  @Test
  void forbiddenNamesTheNamespaceAndTheRoleToGrant() {
    KubernetesClientException forbidden =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(403)
                .withMessage(
                    "deployments.apps \"tfs-serving\" is forbidden: User \"ci@acme.iam\" cannot"
                        + " patch resource \"deployments\"")
                .build());

    var error = ApiErrors.error("deploying", forbidden, "serving");

    assertThat(error.getMessage())
        .isEqualTo(
            "deploying failed: deployments.apps \"tfs-serving\" is forbidden: "
                + "User \"ci@acme.iam\" cannot patch resource \"deployments\"");
    assertThat(error.fix())
        .startsWith(
            "the identity lacks permission in namespace serving; grant it e.g."
                + " roles/container.developer");
  }
}
