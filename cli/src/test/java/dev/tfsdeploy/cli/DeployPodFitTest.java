package dev.tfsdeploy.cli;

import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V1;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy} checks that the experiment's pods fit before it applies anything: against the mock
 * cluster's nodes, and against GKE's formula when listing nodes is forbidden.
 */
class DeployPodFitTest {
  private static final Path KUBE_DIR =
      Path.of(System.getProperty("tfsdeploy.projectRoot", ".."), ".kube");

  @TempDir Path dir;
  private ClusterFixture fixture;

  @BeforeEach
  void start() {
    fixture = new ClusterFixture(dir);
    fixture.cluster.assignLoadBalancerAddress(ClusterFixture.LOAD_BALANCER_IP);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private void node(String name, String machineType, String cpu, String memory) {
    fixture
        .api
        .client()
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("node.kubernetes.io/instance-type", machineType))
                .endMetadata()
                .withNewStatus()
                .withAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)))
                .endStatus()
                .build())
        .create();
  }

  private int deploy(String experiment, String... more) {
    String[] args = new String[8 + more.length];
    System.arraycopy(
        new String[] {
          "--experiment",
          experiment,
          "--kube-dir",
          KUBE_DIR.toString(),
          "--image",
          IMAGE_V1,
          "--no-smoke",
          "--timeout=30s"
        },
        0,
        args,
        0,
        8);
    System.arraycopy(more, 0, args, 8, more.length);
    return fixture.run("deploy", args);
  }

  @Test
  void podsThatFitTheClustersNodesAreDeployed() {
    // What GKE reports for an e2-highmem-8 node.
    node("gke-pool-highmem-1", "e2-highmem-8", "7910m", "59782144Ki");

    int exit = deploy("8vCPU+64GB+inter_op2");

    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    assertThat(fixture.api.dispatcher().applies()).isNotEmpty();
  }

  @Test
  void aPodLargerThanEveryMatchingNodeIsRefusedBeforeAnythingIsApplied() {
    // A node pool whose nodes offer less than the formula (big DaemonSets, a kernel reserve).
    node("gke-pool-highmem-1", "e2-highmem-8", "7910m", "50Gi");
    node("gke-pool-big-1", "e2-standard-16", "15890m", "60Gi");

    int exit = deploy("8vCPU+64GB+inter_op2");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains(
            "error: experiment 8vCPU+64GB+inter_op2 asks 7.5 vCPU and 56Gi per pod, but the"
                + " largest e2-highmem-8 node (gke-pool-highmem-1) offers 7.91 vCPU and 50Gi"
                + " allocatable — lower the pod's requests in its overlay or give it a larger"
                + " machine type");
    assertThat(fixture.api.dispatcher().applies()).isEmpty();
  }

  @Test
  void whenNodesMayNotBeListedTheFormulaForTheMachineTypeDecides() {
    fixture
        .api
        .server()
        .expect()
        .get()
        .withPath("/api/v1/nodes")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "nodes is forbidden: User \"deployer\" cannot list resource \"nodes\" at the"
                        + " cluster scope")
                .build())
        .always();

    int exit = deploy("2vCPU+4GB+inter_op4");

    assertThat(exit).as(fixture.cli.stderr()).isEqualTo(ExitCode.OK);
    assertThat(fixture.cli.stderr())
        .contains(
            "cannot list the cluster's nodes (forbidden): checking pod sizes against GKE's"
                + " published allocatable instead");
  }

  @Test
  void onAutopilotTheMachineTypeSelectorIsRefusedBeforeAnythingIsApplied() {
    int exit = deploy("4vCPU+8GB+inter_op2", "--gke-mode", "autopilot");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains(
            "error: experiment 4vCPU+8GB+inter_op2 selects nodes by"
                + " node.kubernetes.io/instance-type, which GKE Autopilot refuses");
    assertThat(fixture.api.dispatcher().applies()).isEmpty();
  }

  @Test
  void anUnknownModeIsAOneLineError() {
    int exit = deploy("4vCPU+8GB+inter_op2", "--gke-mode", "serverless");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(fixture.cli.stderr())
        .contains("error: --gke-mode must be standard or autopilot, not 'serverless'");
  }
}
