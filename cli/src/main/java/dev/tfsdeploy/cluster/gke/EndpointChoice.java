package dev.tfsdeploy.cluster.gke;

/** Which control-plane endpoint the kubeconfig points at. */
public enum EndpointChoice {
  /** The public IP endpoint, with the cluster's own CA (gcloud's default). */
  PUBLIC,
  /** The private IP endpoint of a private cluster ({@code --internal-ip}). */
  INTERNAL_IP,
  /**
   * The DNS-based endpoint, served with a publicly trusted certificate ({@code --dns-endpoint}).
   */
  DNS
}
