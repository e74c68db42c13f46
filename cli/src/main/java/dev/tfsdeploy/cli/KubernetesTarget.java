package dev.tfsdeploy.cli;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.cluster.kubeconfig.KubeconfigFile;
import dev.tfsdeploy.cluster.kubernetes.KubernetesClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The cluster and namespace a command works on (a picocli mixin): {@code --kubeconfig} (else
 * Fabric8's usual lookup: KUBECONFIG, then ~/.kube/config), {@code --context}, and {@code
 * --namespace} (else the context's namespace, else "default").
 */
final class KubernetesTarget {
  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Kubeconfig to use (default: the first entry of KUBECONFIG, else ~/.kube/config; `tfs-deploy setup` writes one).")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: its current context).")
  String context;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace (default: the context's, else default).")
  String namespace;

  /**
   * The Kubernetes client. When the context is one {@code tfs-deploy setup} wrote, Google tokens
   * are fetched in this process (no JVM per token); any other kubeconfig is read by Fabric8.
   */
  KubernetesClient connect(Console console) {
    Path path =
        kubeconfig != null ? kubeconfig : KubeconfigFile.defaultPath(console.actions()::get);
    Config config =
        KubernetesClients.config(path, Optional.ofNullable(context), console.actions()::get, console::mask);
    // Whatever credential the kubeconfig holds is masked before anything could print it.
    for (String secret : new String[] {config.getOauthToken(), config.getAutoOAuthToken(), config.getPassword(), config.getClientKeyData()}) {
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
