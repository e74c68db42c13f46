package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.actions.Console;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The cluster and namespace a command works on (a picocli mixin): {@code --kubeconfig} (else
 * Fabric8's usual lookup: KUBECONFIG, then ~/.kube/config), {@code --context}, and {@code
 * --namespace} (else the context's namespace, else "default").
 */
final class KubernetesTarget {
  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Kubeconfig to use (default: KUBECONFIG, else ~/.kube/config; `tfs-deploy setup` writes one).")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: its current context).")
  String context;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace (default: the context's, else default).")
  String namespace;

  /**
   * The Kubernetes client. CLUSTER CLIENT HOOK (lead): this is the one place a client is made;
   * after merging the gke branch, {@code cluster.kubernetes.KubernetesClients.forKubeconfig} can
   * replace the Fabric8 lookup below so setup's kubeconfig gets in-process Google tokens.
   */
  KubernetesClient connect(Console console) {
    Config config = config();
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

  private Config config() {
    try {
      if (kubeconfig != null) {
        if (!Files.isRegularFile(kubeconfig)) {
          throw new UserError("kubeconfig " + kubeconfig + " does not exist", "run `tfs-deploy setup` first, or fix --kubeconfig");
        }
        return Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
      }
      return Config.autoConfigure(context);
    } catch (IOException | KubernetesClientException e) {
      throw new UserError("cannot use kubeconfig" + (kubeconfig == null ? "" : " " + kubeconfig) + ": " + e.getMessage(),
          "check that `kubectl get pods` works with it, or rerun `tfs-deploy setup`", e);
    }
  }
}
