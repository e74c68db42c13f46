package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.cluster.kubeconfig.KubeconfigFile;
import dev.tfsdeploy.cluster.kubernetes.KubernetesClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The cluster and namespace a step works on.
 *
 * @param kubeconfig the kubeconfig; null means the first entry of KUBECONFIG, else ~/.kube/config
 * @param context the kubeconfig context; null means its current context
 * @param namespace the namespace; null means the context's, else "default"
 */
public record ClusterConnection(Path kubeconfig, String context, String namespace) {
  /** The same context and namespace in the kubeconfig {@code setup} just wrote. */
  public ClusterConnection withKubeconfig(Path written) {
    return new ClusterConnection(written, context, namespace);
  }

  /**
   * The Kubernetes client. When the context is one {@code tfs-deploy setup} wrote, Google tokens
   * are fetched in this process (no JVM per token); any other kubeconfig is read by Fabric8.
   */
  public KubernetesClient connect(Console console) {
    Path path =
        kubeconfig != null ? kubeconfig : KubeconfigFile.defaultPath(console.actions()::get);
    Config config =
        KubernetesClients.config(
            path, Optional.ofNullable(context), console.actions()::get, console::mask);
    // Whatever credential the kubeconfig holds is masked before anything could print it.
    for (String secret :
        new String[] {
          config.getOauthToken(),
          config.getAutoOAuthToken(),
          config.getPassword(),
          config.getClientKeyData()
        }) {
      if (secret != null && !secret.isBlank()) {
        console.mask(secret);
      }
    }
    if (namespace != null && !namespace.isBlank()) {
      config.setNamespace(namespace);
    } else if (config.getNamespace() == null || config.getNamespace().isBlank()) {
      config.setNamespace("default");
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
