package dev.tfsdeploy.cluster.rollout;

import dev.tfsdeploy.Durations;
import dev.tfsdeploy.UserError;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Waits (by watching the Service) until a LoadBalancer Service has an external address. Other
 * Service types have no external address; their cluster DNS name is returned at once.
 */
public final class EndpointWait {
  private final KubernetesClient client;
  private final String namespace;

  public EndpointWait(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public ServiceEndpoint await(String serviceName, Duration timeout) {
    var resource = client.services().inNamespace(namespace).withName(serviceName);
    Service service = resource.get();
    if (service == null) {
      throw new UserError(
          "service/" + serviceName + " does not exist in namespace " + namespace, "deploy first");
    }
    if (!"LoadBalancer".equals(service.getSpec().getType())) {
      return ServiceEndpoint.of(
          service, serviceName + "." + namespace + ".svc.cluster.local", false);
    }
    try {
      Service ready =
          resource.waitUntilCondition(
              s -> s != null && ingress(s).isPresent(), timeout.toMillis(), TimeUnit.MILLISECONDS);
      return ServiceEndpoint.of(ready, ingress(ready).orElseThrow(), true);
    } catch (KubernetesClientTimeoutException e) {
      throw new UserError(
          "service/"
              + serviceName
              + " has no external address after "
              + Durations.format(timeout)
              + " (the new revision is serving inside the cluster)",
          "see `kubectl describe service "
              + serviceName
              + " -n "
              + namespace
              + "` for load balancer events (e.g. an exhausted external IP quota), or raise"
              + " --endpoint-timeout");
    }
  }

  /** The first ingress address, IP or hostname. */
  static Optional<String> ingress(Service service) {
    if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null) {
      return Optional.empty();
    }
    List<LoadBalancerIngress> ingress = service.getStatus().getLoadBalancer().getIngress();
    if (ingress == null) {
      return Optional.empty();
    }
    return ingress.stream()
        .map(i -> i.getIp() != null && !i.getIp().isBlank() ? i.getIp() : i.getHostname())
        .filter(host -> host != null && !host.isBlank())
        .findFirst();
  }
}
