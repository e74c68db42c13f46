package dev.tfsdeploy.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.experiments.Experiments;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A load test reaches a deployed experiment through a port-forward to one of its ready pods. */
class ServiceTunnelTest {
  static final String EXPERIMENT = "4vCPU+8GB+inter_op4";
  static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/component", "model-server");

  private final PredictServer model = new PredictServer("half_plus_two");
  private final PortForwardingApiServer api =
      new PortForwardingApiServer(
          new InetSocketAddress(
              InetAddress.getLoopbackAddress(),
              Integer.parseInt(model.url().replaceFirst(".*:", ""))));
  private final KubernetesClient client = api.client();

  @AfterEach
  void close() {
    client.close();
    api.close();
    model.close();
  }

  /** The base's Service as deployed: http port 8501 to the container port named http. */
  static ServiceBuilder service(String experiment) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("tfs-serving")
        .withNamespace("serving")
        .addToAnnotations(Experiments.ANNOTATION, experiment)
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .withSelector(SELECTOR)
        .addNewPort()
        .withName("http")
        .withPort(8501)
        .withTargetPort(new IntOrString("http"))
        .endPort()
        .endSpec()
        .withNewStatus()
        .withNewLoadBalancer()
        .addNewIngress()
        .withIp("203.0.113.7")
        .endIngress()
        .endLoadBalancer()
        .endStatus();
  }

  static PodBuilder pod(String name, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("serving")
        .withLabels(SELECTOR)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("tfs-serving")
        .withImage("tfs")
        .addNewPort()
        .withName("http")
        .withContainerPort(8501)
        .endPort()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus();
  }

  @Test
  void loadsTheModelThroughAPortForwardToAReadyPod() {
    client.services().resource(service(EXPERIMENT).build()).create();
    client.pods().resource(pod("starting", false).build()).create();
    client.pods().resource(pod("serving", true).build()).create();

    LoadResult result;
    try (ServiceTunnel tunnel =
        ServiceTunnel.open(client, "serving", "tfs-serving", EXPERIMENT, ServingApi.REST)) {
      assertThat(tunnel.podName()).isEqualTo("serving");
      assertThat(tunnel.readyPods()).isEqualTo(1);
      assertThat(tunnel.loadBalancer()).contains("203.0.113.7");
      LoadSpec spec =
          new LoadSpec(
              LoadSpec.Mode.CLOSED, 2, 0, null, 20, Duration.ZERO, Duration.ofSeconds(5), 1);
      result =
          new LoadGenerator(LoadListener.NONE)
              .run(Target.of(tunnel.url(), "half_plus_two"), LoadGeneratorTest.BODY, spec);
      assertThat(tunnel.trouble()).isEmpty();
    }

    assertThat(result.errors()).isEmpty();
    assertThat(result.successes()).isEqualTo(20);
    assertThat(model.predictions()).isEqualTo(20);
    assertThat(api.forwards())
        .isNotEmpty()
        .allMatch(forward -> forward.equals("serving/serving:8501"));
  }

  @Test
  void anExperimentThatIsNotDeployedIsNamed() {
    assertThatThrownBy(
            () -> ServiceTunnel.open(client, "serving", "tfs-serving", EXPERIMENT, ServingApi.REST))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "experiment "
                + EXPERIMENT
                + " is not deployed: there is no Service tfs-serving in namespace serving");
  }

  @Test
  void aServiceRunningAnotherExperimentIsRefused() {
    client.services().resource(service("2vCPU+4GB+inter_op2").build()).create();

    assertThatThrownBy(
            () -> ServiceTunnel.open(client, "serving", "tfs-serving", EXPERIMENT, ServingApi.REST))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Service tfs-serving in namespace serving runs experiment 2vCPU+4GB+inter_op2, not "
                + EXPERIMENT);
  }

  @Test
  void noReadyPodIsAnError() {
    client.services().resource(service(EXPERIMENT).build()).create();
    client.pods().resource(pod("starting", false).build()).create();

    assertThatThrownBy(
            () -> ServiceTunnel.open(client, "serving", "tfs-serving", EXPERIMENT, ServingApi.REST))
        .isInstanceOf(UserError.class)
        .hasMessage("no ready pod behind Service tfs-serving in namespace serving");
  }
}
