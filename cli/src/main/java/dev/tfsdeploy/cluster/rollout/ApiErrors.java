package dev.tfsdeploy.cluster.rollout;

import dev.tfsdeploy.UserError;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns the API server's refusals into a one-line message and a fix. */
public final class ApiErrors {
  private ApiErrors() {}

  public static String message(KubernetesClientException e) {
    if (e.getStatus() != null
        && e.getStatus().getMessage() != null
        && !e.getStatus().getMessage().isBlank()) {
      return e.getStatus().getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  public static String fix(KubernetesClientException e, String namespace) {
    if (unreachable(e)) {
      return "check that the cluster is reachable from here (kubeconfig server address, VPN,"
          + " authorized networks)";
    }
    return switch (e.getCode()) {
      case 401 -> "the kubeconfig's credentials were refused; rerun `tfs-deploy setup`";
      case 403 ->
          "the identity lacks permission in namespace "
              + namespace
              + "; grant it e.g. roles/container.developer (GKE) or an RBAC role that may edit"
              + " Deployments, Services and ConfigMaps";
      case 404 ->
          "check that namespace "
              + namespace
              + " exists (kubectl create namespace "
              + namespace
              + ")";
      case 409, 422 ->
          "fix the manifests (kubectl apply --server-side --dry-run=server shows the same error)";
      default -> "check the cluster and retry";
    };
  }

  /** A UserError for a failed call, naming what was being done. */
  public static UserError error(String doing, KubernetesClientException e, String namespace) {
    String what =
        unreachable(e)
            ? "cannot reach the Kubernetes API server while " + doing
            : doing + " failed";
    return new UserError(what + ": " + message(e), fix(e, namespace), e);
  }

  /** No HTTP answer at all: refused, timed out, unknown host. */
  static boolean unreachable(KubernetesClientException e) {
    return e.getCode() <= 0 && e.getStatus() == null;
  }
}
