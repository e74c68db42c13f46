package dev.tfsdeploy.loadtest;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.experiments.Experiments;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An experiment's Service as deployed, checked to be the experiment asked for (its {@value
 * Experiments#ANNOTATION} annotation) and to have ready pods: what a port-forward and in-cluster
 * workers load.
 *
 * @param service the Service
 * @param namespace its namespace
 * @param readyPods the ready pods it selects (at least one)
 */
public record DeployedService(Service service, String namespace, List<Pod> readyPods) {

  /**
   * Finds the Service.
   *
   * @param namespace the Service's namespace, or null or empty for the client's
   * @param serviceName the Service the experiment renders
   * @param experiment the experiment the Service must be running
   */
  public static DeployedService find(
      KubernetesClient client, String namespace, String serviceName, String experiment) {
    String ns =
        namespace != null && !namespace.isBlank()
            ? namespace
            : Objects.requireNonNullElse(client.getNamespace(), "default");
    try {
      Service service = client.services().inNamespace(ns).withName(serviceName).get();
      if (service == null) {
        throw new UserError(
            "experiment "
                + experiment
                + " is not deployed: there is no Service "
                + serviceName
                + " in namespace "
                + ns,
            "deploy it first, or pass --url");
      }
      String deployed =
          Optional.ofNullable(service.getMetadata().getAnnotations())
              .map(a -> a.get(Experiments.ANNOTATION))
              .orElse(null);
      if (deployed != null && !deployed.equals(experiment)) {
        throw new UserError(
            "Service "
                + serviceName
                + " in namespace "
                + ns
                + " runs experiment "
                + deployed
                + ", not "
                + experiment,
            "deploy " + experiment + " first, or pass --experiment " + deployed);
      }
      Map<String, String> selector = service.getSpec().getSelector();
      if (selector == null || selector.isEmpty()) {
        throw new UserError(
            "Service " + serviceName + " in namespace " + ns + " selects no pods",
            "deploy the experiment again");
      }
      List<Pod> ready =
          client.pods().inNamespace(ns).withLabels(selector).list().getItems().stream()
              .filter(
                  pod ->
                      pod.getMetadata().getDeletionTimestamp() == null && Readiness.isPodReady(pod))
              .toList();
      if (ready.isEmpty()) {
        throw new UserError(
            "no ready pod behind Service " + serviceName + " in namespace " + ns,
            "wait for the rollout (kubectl rollout status deployment) and check the pods' events");
      }
      return new DeployedService(service, ns, ready);
    } catch (KubernetesClientException e) {
      throw unreachable(serviceName, ns, e);
    }
  }

  /** The Service's name. */
  public String name() {
    return service.getMetadata().getName();
  }

  /**
   * {@code api}'s address from inside the cluster, by the Service's DNS name ({@code
   * NAME.NAMESPACE.svc}, which pods resolve whatever the cluster's domain) and its port for the API
   * (by the port's name in the base, else the API's default number).
   */
  public String clusterUrl(ServingApi api) {
    int port =
        service.getSpec().getPorts().stream()
            .filter(p -> api.portName().equals(p.getName()))
            .map(ServicePort::getPort)
            .findFirst()
            .orElse(api.port());
    return api.url(name() + "." + namespace + ".svc", port);
  }

  static UserError unreachable(String serviceName, String ns, KubernetesClientException e) {
    return new UserError(
        "cannot reach Service " + serviceName + " in namespace " + ns + ": " + e.getMessage(),
        "check the kubeconfig (run `tfs-deploy setup`) and that the credentials may get services"
            + " and pods, create pods/portforward (--experiment) and jobs (--in-cluster)",
        e);
  }
}
