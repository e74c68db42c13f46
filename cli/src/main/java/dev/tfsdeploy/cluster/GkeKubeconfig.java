package dev.tfsdeploy.cluster;

import dev.tfsdeploy.cluster.gke.ClusterEndpoint;
import dev.tfsdeploy.cluster.kubeconfig.ExecPlugin;
import dev.tfsdeploy.cluster.kubeconfig.Kubeconfig;
import dev.tfsdeploy.cluster.kubeconfig.KubeconfigFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges a GKE cluster into a kubeconfig file as {@code gcloud container clusters get-credentials}
 * does — cluster, user and context all named {@code gke_<project>_<location>_<cluster>}, made the
 * current context — except that the user runs {@code tfs-deploy token} instead of
 * gke-gcloud-auth-plugin.
 */
public final class GkeKubeconfig {
  private GkeKubeconfig() {}

  /** What was written where. */
  public record Written(Path kubeconfig, String context, String server) {}

  public static Written merge(Path path, ClusterEndpoint endpoint, ExecPlugin plugin) {
    Kubeconfig kubeconfig = KubeconfigFile.read(path);
    String name = endpoint.cluster().kubeconfigName();
    Map<String, Object> cluster = new LinkedHashMap<>();
    endpoint.caData().ifPresent(ca -> cluster.put("certificate-authority-data", ca));
    cluster.put("server", endpoint.server());
    kubeconfig.putCluster(name, cluster);
    kubeconfig.putUser(name, plugin.userEntry());
    kubeconfig.putContext(name, name, name);
    kubeconfig.setCurrentContext(name);
    KubeconfigFile.write(path, kubeconfig);
    return new Written(path, name, endpoint.server());
  }
}
