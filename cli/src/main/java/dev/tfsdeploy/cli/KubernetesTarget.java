package dev.tfsdeploy.cli;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.pipeline.ClusterConnection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The cluster and namespace a command works on (a picocli mixin): {@code --kubeconfig} (else
 * Fabric8's usual lookup: KUBECONFIG, then ~/.kube/config), {@code --context}, and {@code
 * --namespace} (else the context's namespace, else "default").
 */
final class KubernetesTarget {
  @Mixin KubeconfigOptions kubeconfigOptions;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Namespace (default: the context's, else default).")
  String namespace;

  ClusterConnection toConnection() {
    return new ClusterConnection(
        kubeconfigOptions.kubeconfig, kubeconfigOptions.context, namespace);
  }

  /** The Kubernetes client for these options (see {@link ClusterConnection#connect}). */
  /** The --kubeconfig given, or null. */
  Path kubeconfig() {
    return kubeconfigOptions.kubeconfig;
  }

  KubernetesClient connect(Console console) {
    return toConnection().connect(console);
  }
}
