package dev.tfsdeploy.loadtest;

import dev.tfsdeploy.cluster.kubernetes.PodPortForward;
import dev.tfsdeploy.experiments.Experiments;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A port-forward from 127.0.0.1 to the TF Serving REST or gRPC port of a ready pod behind an
 * experiment's Service, as {@code kubectl port-forward service/NAME :8501} does (kubectl, too,
 * picks one pod), through {@link PodPortForward}.
 *
 * <p>The Service's {@value Experiments#ANNOTATION} annotation (every experiment overlay sets it)
 * must name the experiment asked for, so a run is never attributed to the wrong one.
 */
public final class ServiceTunnel implements AutoCloseable {
  private final PodPortForward forward;
  private final ServingApi api;
  private final long readyPods;
  private final Optional<String> loadBalancer;

  private ServiceTunnel(
      PodPortForward forward, ServingApi api, long readyPods, Optional<String> loadBalancer) {
    this.forward = forward;
    this.api = api;
    this.readyPods = readyPods;
    this.loadBalancer = loadBalancer;
  }

  /**
   * Opens the tunnel to {@code api}'s port.
   *
   * @param namespace the Service's namespace, or null or empty for the client's
   * @param serviceName the Service the experiment renders
   * @param experiment the experiment the Service must be running
   */
  public static ServiceTunnel open(
      KubernetesClient client,
      String namespace,
      String serviceName,
      String experiment,
      ServingApi api) {
    DeployedService deployed = DeployedService.find(client, namespace, serviceName, experiment);
    String ns = deployed.namespace();
    try {
      Pod pod = deployed.readyPods().get(0);
      int port = containerPort(deployed.service(), pod, api);
      PodPortForward forward = PodPortForward.open(client, ns, pod.getMetadata().getName(), port);
      return new ServiceTunnel(
          forward, api, deployed.readyPods().size(), loadBalancer(deployed.service()));
    } catch (KubernetesClientException e) {
      throw DeployedService.unreachable(serviceName, ns, e);
    }
  }

  /** The forwarded endpoint, {@code http://127.0.0.1:PORT} or {@code grpc://127.0.0.1:PORT}. */
  public String url() {
    return api.url(forward.host(), forward.localPort());
  }

  /** The pod the tunnel reaches. */
  public String podName() {
    return forward.pod();
  }

  /** How many ready pods the Service has (the tunnel reaches one of them). */
  public long readyPods() {
    return readyPods;
  }

  /** The Service's external address when it has one: loading it measures all replicas. */
  public Optional<String> loadBalancer() {
    return loadBalancer;
  }

  /** Errors the tunnel met while carrying the run's connections, if any. */
  public Optional<String> trouble() {
    return forward.trouble();
  }

  @Override
  public void close() {
    forward.close();
  }

  /**
   * The pod's port behind the Service's port for {@code api} (by its name in the base, else its
   * default number).
   */
  private static int containerPort(Service service, Pod pod, ServingApi api) {
    IntOrString target =
        service.getSpec().getPorts().stream()
            .filter(
                p -> api.portName().equals(p.getName()) || Objects.equals(p.getPort(), api.port()))
            .findFirst()
            .map(ServicePort::getTargetPort)
            .orElse(null);
    if (target == null) {
      return api.port();
    }
    if (target.getIntVal() != null) {
      return target.getIntVal();
    }
    return pod.getSpec().getContainers().stream()
        .flatMap(container -> Optional.ofNullable(container.getPorts()).orElse(List.of()).stream())
        .filter(port -> target.getStrVal().equals(port.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElse(api.port());
  }

  private static Optional<String> loadBalancer(Service service) {
    if (service.getStatus() == null
        || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null) {
      return Optional.empty();
    }
    return service.getStatus().getLoadBalancer().getIngress().stream()
        .map(ingress -> ingress.getIp() != null ? ingress.getIp() : ingress.getHostname())
        .filter(Objects::nonNull)
        .findFirst();
  }
}
