package dev.tfsdeploy.cluster.gke;

/** A GKE cluster by project, location (zone or region) and name. */
public record ClusterId(String project, String location, String name) {

  /** The cluster's resource name in the GKE v1 API. */
  public String resourceName() {
    return parent() + "/clusters/" + name;
  }

  /** The project and location the cluster lives in, as the API names it. */
  public String parent() {
    return "projects/" + project + "/locations/" + location;
  }

  /** The name gcloud gives the cluster, context and user in a kubeconfig. */
  public String kubeconfigName() {
    return "gke_" + project + "_" + location + "_" + name;
  }

  @Override
  public String toString() {
    return resourceName();
  }
}
