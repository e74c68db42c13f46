package dev.tfsdeploy.cluster.kubernetes;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.kubeconfig.ExecPlugin;
import dev.tfsdeploy.cluster.kubeconfig.Kubeconfig;
import dev.tfsdeploy.cluster.kubeconfig.KubeconfigFile;
import dev.tfsdeploy.gcp.GoogleAccess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Builds Fabric8 Kubernetes clients from a kubeconfig. When the context's user is tfs-deploy's own
 * token plugin (what {@code setup} writes), the client gets its tokens from Google in this process,
 * refreshing them as they expire, instead of starting a JVM per token; any other user (a kubeconfig
 * from gcloud, a token, client certificates) is left to Fabric8's own kubeconfig support.
 */
public final class KubernetesClients {
  private KubernetesClients() {}

  /**
   * A client for a context of a kubeconfig file.
   *
   * @param context the context to use, or empty for the file's current context
   * @param env the process environment (for the Google credentials lookup)
   * @param onSecret called with every access token as soon as it exists, to mask it
   */
  public static KubernetesClient forKubeconfig(
      Path kubeconfigPath,
      Optional<String> context,
      Function<String, Optional<String>> env,
      Consumer<String> onSecret) {
    return new KubernetesClientBuilder()
        .withConfig(config(kubeconfigPath, context, env, onSecret))
        .build();
  }

  /** The client configuration {@link #forKubeconfig} builds its client from. */
  public static Config config(
      Path kubeconfigPath,
      Optional<String> context,
      Function<String, Optional<String>> env,
      Consumer<String> onSecret) {
    if (!Files.isRegularFile(kubeconfigPath)) {
      throw new UserError(
          "kubeconfig " + kubeconfigPath + " does not exist",
          "run `tfs-deploy setup` first, or pass --kubeconfig");
    }
    Kubeconfig kubeconfig = KubeconfigFile.read(kubeconfigPath);
    String contextName =
        context
            .or(kubeconfig::currentContext)
            .orElseThrow(
                () ->
                    new UserError(
                        "kubeconfig " + kubeconfigPath + " has no current context",
                        "run `tfs-deploy setup` first"));
    Map<String, Object> contextEntry =
        kubeconfig
            .context(contextName)
            .orElseThrow(
                () ->
                    new UserError(
                        "kubeconfig " + kubeconfigPath + " has no context \"" + contextName + "\"",
                        "run `tfs-deploy setup` for that cluster"));
    Optional<ExecPlugin> ownPlugin =
        kubeconfig
            .user(String.valueOf(contextEntry.get("user")))
            .flatMap(ExecPlugin::fromUserEntry);
    Optional<Map<String, Object>> cluster =
        kubeconfig.cluster(String.valueOf(contextEntry.get("cluster")));
    if (ownPlugin.isPresent()
        && cluster.isPresent()
        && cluster.get().get("server") instanceof String server) {
      GoogleAccess google = GoogleAccess.load(ownPlugin.get().credentials(), env, onSecret);
      Optional<String> caData =
          Optional.ofNullable(cluster.get().get("certificate-authority-data")).map(String::valueOf);
      return withNamespace(forEndpoint(server, caData, google), contextEntry);
    }
    return fabric8Config(kubeconfigPath, contextName);
  }

  /** A client configuration for one API server, authenticated with Google access tokens. */
  public static Config forEndpoint(String server, Optional<String> caData, GoogleAccess google) {
    ConfigBuilder builder =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(server)
            .withOauthTokenProvider(() -> google.accessToken().getTokenValue());
    caData.ifPresent(builder::withCaCertData);
    return builder.build();
  }

  private static Config withNamespace(Config config, Map<String, Object> contextEntry) {
    if (contextEntry.get("namespace") instanceof String namespace && !namespace.isBlank()) {
      config.setNamespace(namespace);
    }
    return config;
  }

  private static Config fabric8Config(Path kubeconfigPath, String contextName) {
    try {
      return Config.fromKubeconfig(
          contextName, Files.readString(kubeconfigPath), kubeconfigPath.toString());
    } catch (IOException | KubernetesClientException e) {
      throw new UserError(
          "cannot use context \""
              + contextName
              + "\" of kubeconfig "
              + kubeconfigPath
              + ": "
              + e.getMessage(),
          "check that kubectl works with it, or rerun `tfs-deploy setup`",
          e);
    }
  }
}
