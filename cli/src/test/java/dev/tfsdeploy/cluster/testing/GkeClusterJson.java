package dev.tfsdeploy.cluster.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cluster resources as the GKE v1 API returns them (the fields kubeconfig writers read, and a few
 * more).
 */
public final class GkeClusterJson {
  private GkeClusterJson() {}

  /**
   * A RUNNING public cluster: {@code endpoint} is what gcloud writes as {@code https://<endpoint>}.
   */
  public static ObjectNode running(
      String project, String location, String name, String endpoint, String caData) {
    ObjectNode cluster = new ObjectMapper().createObjectNode();
    cluster.put("name", name);
    cluster.put("location", location);
    cluster.put("zone", location);
    cluster.put("status", "RUNNING");
    cluster.put("endpoint", endpoint);
    cluster.put("currentMasterVersion", "1.33.5-gke.1201000");
    cluster.put(
        "selfLink",
        "https://container.googleapis.com/v1/projects/"
            + project
            + "/locations/"
            + location
            + "/clusters/"
            + name);
    cluster.putObject("masterAuth").put("clusterCaCertificate", caData);
    ObjectNode endpoints = cluster.putObject("controlPlaneEndpointsConfig");
    ObjectNode ip = endpoints.putObject("ipEndpointsConfig");
    ip.put("enabled", true);
    ip.put("enablePublicEndpoint", true);
    ip.put("publicEndpoint", endpoint);
    ObjectNode dns = endpoints.putObject("dnsEndpointConfig");
    dns.put(
        "endpoint",
        "gke-"
            + Integer.toHexString(name.hashCode())
            + "-"
            + project
            + "."
            + location
            + ".gke.goog");
    dns.put("allowExternalTraffic", true);
    return cluster;
  }

  /** The same cluster made private, with a private endpoint. */
  public static ObjectNode privateCluster(ObjectNode cluster, String privateEndpoint) {
    ObjectNode config = cluster.putObject("privateClusterConfig");
    config.put("enablePrivateNodes", true);
    config.put("privateEndpoint", privateEndpoint);
    config.put("publicEndpoint", cluster.path("endpoint").asText());
    ((ObjectNode) cluster.path("controlPlaneEndpointsConfig").path("ipEndpointsConfig"))
        .put("privateEndpoint", privateEndpoint);
    return cluster;
  }

  /** The DNS endpoint a cluster resource names. */
  public static String dnsEndpoint(ObjectNode cluster) {
    return cluster
        .path("controlPlaneEndpointsConfig")
        .path("dnsEndpointConfig")
        .path("endpoint")
        .asText();
  }
}
