package dev.tfsdeploy.cluster.gke;

import com.google.container.v1.Cluster;
import com.google.container.v1.ControlPlaneEndpointsConfig;
import dev.tfsdeploy.UserError;
import java.util.Optional;

/**
 * Where kubectl reaches a cluster: {@code https://<endpoint>}, and the CA to trust there (none for
 * the DNS endpoint, whose certificate is publicly trusted). Chosen by the same rules as {@code
 * gcloud container clusters get-credentials}, including its fallback to the DNS endpoint when IP
 * access is disabled.
 */
public record ClusterEndpoint(
    ClusterId cluster, String server, Optional<String> caData, EndpointChoice kind) {

  public static ClusterEndpoint of(ClusterId id, Cluster cluster, EndpointChoice requested) {
    boolean ipAccessDisabled = ipAccessDisabled(cluster);
    if (requested == EndpointChoice.INTERNAL_IP && ipAccessDisabled) {
      throw new UserError(
          "IP access is disabled for cluster " + id, "use --dns-endpoint instead of --internal-ip");
    }
    if (requested == EndpointChoice.DNS || ipAccessDisabled) {
      return dnsEndpoint(id, cluster);
    }
    String endpoint =
        requested == EndpointChoice.INTERNAL_IP
            ? privateEndpoint(id, cluster)
            : publicEndpoint(id, cluster);
    String ca = cluster.getMasterAuth().getClusterCaCertificate();
    if (ca.isEmpty()) {
      throw new UserError(
          "cluster " + id + " reports no CA certificate (masterAuth.clusterCaCertificate)",
          "wait until the cluster is RUNNING, or use --dns-endpoint");
    }
    return new ClusterEndpoint(id, "https://" + endpoint, Optional.of(ca), requested);
  }

  private static boolean ipAccessDisabled(Cluster cluster) {
    ControlPlaneEndpointsConfig config = cluster.getControlPlaneEndpointsConfig();
    return config.hasIpEndpointsConfig()
        && config.getIpEndpointsConfig().hasEnabled()
        && !config.getIpEndpointsConfig().getEnabled();
  }

  private static ClusterEndpoint dnsEndpoint(ClusterId id, Cluster cluster) {
    ControlPlaneEndpointsConfig.DNSEndpointConfig dns =
        cluster.getControlPlaneEndpointsConfig().getDnsEndpointConfig();
    if (dns.getEndpoint().isEmpty()) {
      throw new UserError(
          "cluster " + id + " has no DNS-based control plane endpoint",
          "enable it (gcloud container clusters update "
              + id.name()
              + " --enable-dns-access) or drop --dns-endpoint");
    }
    if (dns.hasAllowExternalTraffic() && !dns.getAllowExternalTraffic()) {
      throw new UserError(
          "the DNS endpoint of cluster "
              + id
              + " does not allow external traffic"
              + " (controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic)",
          "enable it (gcloud container clusters update "
              + id.name()
              + " --enable-dns-access) or drop --dns-endpoint");
    }
    return new ClusterEndpoint(
        id, "https://" + dns.getEndpoint(), Optional.empty(), EndpointChoice.DNS);
  }

  private static String privateEndpoint(ClusterId id, Cluster cluster) {
    if (!cluster.hasPrivateClusterConfig()) {
      throw new UserError("cluster " + id + " is not a private cluster", "drop --internal-ip");
    }
    String endpoint = cluster.getPrivateClusterConfig().getPrivateEndpoint();
    if (endpoint.isEmpty()) {
      throw new UserError(
          "cluster " + id + " has no private endpoint (is it still PROVISIONING?)",
          "wait until the cluster is RUNNING, or drop --internal-ip");
    }
    return endpoint;
  }

  private static String publicEndpoint(ClusterId id, Cluster cluster) {
    if (cluster.getEndpoint().isEmpty()) {
      throw new UserError(
          "cluster " + id + " has no endpoint (is it still PROVISIONING?)",
          "wait until the cluster is RUNNING");
    }
    return cluster.getEndpoint();
  }
}
