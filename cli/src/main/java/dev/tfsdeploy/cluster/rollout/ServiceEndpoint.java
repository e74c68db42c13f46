package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;

/**
 * Where clients reach the model: the Service's external host (LoadBalancer ingress IP or hostname,
 * or the cluster-internal DNS name for other Service types) and its gRPC and REST ports.
 */
public record ServiceEndpoint(String host, int grpcPort, int restPort, boolean external) {
  public static final int GRPC_PORT = 8500;
  public static final int REST_PORT = 8501;

  /** {@code host:8500}, for a gRPC client. */
  public String grpcAddress() {
    return host + ":" + grpcPort;
  }

  /** {@code http://host:8501/v1/models/<name>:predict}. */
  public String restUrl(String model) {
    return "http://" + host + ":" + restPort + "/v1/models/" + model + ":predict";
  }

  /**
   * The ports the Service exposes for TF Serving's gRPC and REST targets (8500 and 8501 when it
   * does not say).
   */
  static ServiceEndpoint of(Service service, String host, boolean external) {
    List<ServicePort> ports =
        service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
    return new ServiceEndpoint(
        host, port(ports, "grpc", GRPC_PORT), port(ports, "http", REST_PORT), external);
  }

  private static int port(List<ServicePort> ports, String name, int standard) {
    return ports.stream()
        .filter(
            p ->
                name.equals(p.getName())
                    || (p.getTargetPort() != null
                        && (name.equals(p.getTargetPort().getStrVal())
                            || Integer.valueOf(standard).equals(p.getTargetPort().getIntVal()))))
        .map(ServicePort::getPort)
        .findFirst()
        .orElse(standard);
  }
}
