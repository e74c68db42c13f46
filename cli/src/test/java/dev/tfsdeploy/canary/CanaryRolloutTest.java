package dev.tfsdeploy.canary;

import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_BROKEN;
import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V1;
import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.canary.CanaryVerdict.Decision;
import dev.tfsdeploy.cluster.rollout.DeployRequest;
import dev.tfsdeploy.cluster.rollout.Deployer;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.RolloutListener;
import dev.tfsdeploy.cluster.rollout.RolloutProvenance;
import dev.tfsdeploy.cluster.rollout.testing.ClusterSimulator;
import dev.tfsdeploy.cluster.rollout.testing.KubeApi;
import dev.tfsdeploy.cluster.rollout.testing.PodFate;
import dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments;
import dev.tfsdeploy.cluster.rollout.testing.TfServingBackend;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A canary against the mock API server with the test-side controller: stable (four replicas) runs
 * IMAGE_V1 behind one simulated TF Serving, the canary IMAGE_V2 behind another, each serving the
 * metrics page TF Serving's exporter writes.
 */
class CanaryRolloutTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String STABLE = "tfs-serving";
  private static final CanarySpec REPLICAS_25 =
      new CanarySpec(CanaryMode.REPLICAS, 25, Optional.empty());
  private static final CanaryRollout.Window NO_WAIT = window -> {};
  private static final Duration PROBE_WINDOW = Duration.ofSeconds(2);
  private static final double PROBE_RATE = 25;
  private static final CanaryThresholds PROBE_THRESHOLDS = new CanaryThresholds(0.01, 0.2, 20);

  /**
   * For a canary as fast as stable that must pass: a probe's p99 through the mock's port-forward
   * varies by tens of milliseconds on a busy machine, so only a tenfold p99 would fail it.
   */
  private static final CanaryThresholds EQUAL_TRACKS = new CanaryThresholds(0.01, 10, 20);

  private KubeApi api;
  private KubernetesClient client;
  private ClusterSimulator cluster;
  private TfServingBackend stableServer;
  private TfServingBackend canaryServer;

  @BeforeEach
  void deployStable() {
    api = KubeApi.start();
    client = api.client();
    stableServer = new TfServingBackend("model", "1", 0).trafficPerScrape(300, 0, 4000);
    canaryServer = new TfServingBackend("model", "2", 0);
    cluster =
        new ClusterSimulator(api)
            .servingBackend(IMAGE_V1, stableServer.address())
            .servingBackend(IMAGE_V2, canaryServer.address())
            .fate(IMAGE_BROKEN, PodFate.IMAGE_PULL_BACKOFF)
            .progressDeadlineAfterMillis(300)
            .start();
    new Deployer(client, KubeApi.NAMESPACE, RolloutListener.NONE)
        .deploy(
            new DeployRequest(
                manifests(IMAGE_V1), Optional.empty(), RolloutProvenance.NONE, TIMEOUT, true));
  }

  @AfterEach
  void stop() {
    cluster.close();
    stableServer.close();
    canaryServer.close();
    api.close();
  }

  private static Manifests manifests(String image) {
    return Manifests.parse(RenderedExperiments.nonBatching(image), "test");
  }

  private CanaryRollout rollout() {
    return new CanaryRollout(client, KubeApi.NAMESPACE, RolloutListener.NONE);
  }

  private CanaryPlan start(String image, CanarySpec spec) {
    Manifests manifests = manifests(image);
    return rollout()
        .start(
            manifests,
            manifests.deployment(Optional.empty()),
            spec,
            RolloutProvenance.NONE,
            TIMEOUT);
  }

  private CanaryVerdict analyse() {
    return analyse(
        new TrackMetrics(client, KubeApi.NAMESPACE, "model", ServingMetrics.DEFAULT_PATH),
        CanaryThresholds.DEFAULT);
  }

  private CanaryVerdict analyse(TrackSignals signals, CanaryThresholds thresholds) {
    return rollout().analyse(STABLE, signals, PROBE_WINDOW, thresholds, NO_WAIT);
  }

  /** What {@code signals} judge by, as {@code deploy --canary-signals} builds them. */
  private TrackSignals signals(CanarySignals signals, RolloutListener listener) {
    return new AnalysisSignals(signals, ServingMetrics.DEFAULT_PATH, PROBE_RATE)
        .open(client, KubeApi.NAMESPACE, "model", Optional.empty(), listener);
  }

  /** The probe sends about 2 s x 25/s = 50 requests to each track. */
  private CanaryVerdict probe() {
    return analyse(signals(CanarySignals.PROBE, RolloutListener.NONE), PROBE_THRESHOLDS);
  }

  private static RolloutListener warningsTo(List<String> warnings) {
    return new RolloutListener() {
      @Override
      public void progress(String message) {}

      @Override
      public void warning(String message) {
        warnings.add(message);
      }
    };
  }

  private Deployment live(String name) {
    return client.apps().deployments().inNamespace(KubeApi.NAMESPACE).withName(name).get();
  }

  private static String image(Deployment deployment) {
    return Manifests.servingContainer(deployment).getImage();
  }

  @Test
  void startingTakesTheCanarysShareFromStable() {
    start(IMAGE_V2, REPLICAS_25);

    assertThat(live(STABLE).getSpec().getReplicas()).isEqualTo(3);
    assertThat(live("tfs-serving-canary").getSpec().getReplicas()).isEqualTo(1);
    assertThat(live("tfs-serving-canary").getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(image(live(STABLE))).isEqualTo(IMAGE_V1);
    assertThat(image(live("tfs-serving-canary"))).isEqualTo(IMAGE_V2);
  }

  @Test
  void aCanaryAsGoodAsStableIsJudgedPromotable() {
    canaryServer.trafficPerScrape(100, 0, 4000);
    start(IMAGE_V2, REPLICAS_25);

    CanaryVerdict verdict = analyse();

    assertThat(verdict.decision()).isEqualTo(Decision.PROMOTE);
    assertThat(verdict.canary().requests()).isEqualTo(100);
  }

  @Test
  void aCanaryThatErrsIsJudgedForAbort() {
    canaryServer.trafficPerScrape(90, 10, 4000);
    start(IMAGE_V2, REPLICAS_25);

    CanaryVerdict verdict = analyse();

    assertThat(verdict.decision()).isEqualTo(Decision.ABORT);
    assertThat(verdict.reasons().get(0)).startsWith("canary error rate 10.00% is above 1.00%");
  }

  @Test
  void aSlowerCanaryIsJudgedForAbort() {
    canaryServer.trafficPerScrape(100, 0, 20_000);
    start(IMAGE_V2, REPLICAS_25);

    assertThat(analyse().decision()).isEqualTo(Decision.ABORT);
  }

  @Test
  void metricsAreReadThroughTheApiServersPodProxy() {
    canaryServer.trafficPerScrape(100, 0, 4000);
    start(IMAGE_V2, REPLICAS_25);

    analyse();

    assertThat(api.dispatcher().proxyRequests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r).endsWith(":8501" + ServingMetrics.DEFAULT_PATH));
  }

  @Test
  void aPodProxyTheIdentityMayNotUseNamesThePermission() {
    start(IMAGE_V2, REPLICAS_25);
    api.dispatcher().forbidPodProxy();

    assertThatThrownBy(this::analyse)
        .isInstanceOf(UserError.class)
        .hasMessageContaining("refused to proxy")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains("pods/proxy");
  }

  @Test
  void judgingByMetricsAloneWhenTheServerHasNoneNamesTheWaysOut() {
    stableServer.metricsOff();
    start(IMAGE_V2, REPLICAS_25);

    assertThatThrownBy(
            () -> analyse(signals(CanarySignals.METRICS, RolloutListener.NONE), PROBE_THRESHOLDS))
        .isInstanceOf(MetricsOffException.class)
        .hasMessageContaining("serves no metrics at " + ServingMetrics.DEFAULT_PATH)
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains("--canary-signals probe");
  }

  @Test
  void withoutMetricsAutoJudgesByAnActiveProbeAndSaysSo() {
    stableServer.metricsOff();
    canaryServer.metricsOff();
    start(IMAGE_V2, REPLICAS_25);
    List<String> warnings = new CopyOnWriteArrayList<>();

    CanaryVerdict verdict =
        analyse(signals(CanarySignals.AUTO, warningsTo(warnings)), EQUAL_TRACKS);

    assertThat(verdict.decision()).isEqualTo(Decision.PROMOTE);
    assertThat(verdict.canary().source()).isEqualTo(CanarySignals.PROBE);
    assertThat(verdict.canary().requests()).isBetween(40L, 60L);
    assertThat(verdict.stable().requests()).isBetween(40L, 60L);
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("serves no metrics")
        .contains("judging by an active probe instead, 25 requests/s");
  }

  @Test
  void autoJudgesByMetricsWhenTheServerPublishesThem() {
    canaryServer.trafficPerScrape(100, 0, 4000);
    start(IMAGE_V2, REPLICAS_25);

    CanaryVerdict verdict =
        analyse(signals(CanarySignals.AUTO, RolloutListener.NONE), CanaryThresholds.DEFAULT);

    assertThat(verdict.canary().source()).isEqualTo(CanarySignals.METRICS);
    assertThat(verdict.canary().requests()).isEqualTo(100);
  }

  @Test
  void theProbeSendsAPredictRequestMadeUpFromStablesSignature() {
    start(IMAGE_V2, REPLICAS_25);

    probe();

    assertThat(stableServer.requests())
        .contains("GET /v1/models/model/metadata", "POST /v1/models/model:predict");
    assertThat(canaryServer.requests()).contains("POST /v1/models/model:predict");
  }

  @Test
  void aProbedCanaryThatErrsIsJudgedForAbort() {
    canaryServer.failEveryNthPredict(5);
    start(IMAGE_V2, REPLICAS_25);

    CanaryVerdict verdict = probe();

    assertThat(verdict.decision()).isEqualTo(Decision.ABORT);
    assertThat(verdict.canary().errorRate()).isBetween(0.15, 0.25);
    assertThat(verdict.stable().errors()).isZero();
  }

  @Test
  void aProbedCanaryThatIsSlowerIsJudgedForAbort() {
    // Slow enough that no scheduling noise on a busy machine makes stable look as slow: its four
    // connections carry 16 requests/s of the 25 sent, so the canary's queue grows too.
    canaryServer.predictDelayMillis(250);
    start(IMAGE_V2, REPLICAS_25);

    CanaryVerdict verdict = probe();

    assertThat(verdict.decision()).isEqualTo(Decision.ABORT);
    assertThat(verdict.reasons()).singleElement().asString().contains("canary p99");
    assertThat(verdict.canary().p99Millis()).isGreaterThan(250);
  }

  @Test
  void theVerdictIsWrittenOnTheCanaryForStatus() {
    canaryServer.trafficPerScrape(90, 10, 4000);
    start(IMAGE_V2, REPLICAS_25);
    analyse();

    CanaryStatus status = rollout().status(STABLE).orElseThrow();

    assertThat(status.verdict()).hasValueSatisfying(v -> assertThat(v).startsWith("abort: "));
  }

  @Test
  void promotingRollsStableToTheCanarysVersionWithItsReplicasAndRemovesTheCanary() {
    start(IMAGE_V2, REPLICAS_25);

    rollout().promote(STABLE, TIMEOUT);

    assertThat(image(live(STABLE))).isEqualTo(IMAGE_V2);
    assertThat(live(STABLE).getSpec().getReplicas()).isEqualTo(4);
    assertThat(live("tfs-serving-canary")).isNull();
  }

  @Test
  void promotingKeepsStablesOwnPodLabelsSoItsSelectorStillMatches() {
    start(IMAGE_V2, REPLICAS_25);

    rollout().promote(STABLE, TIMEOUT);

    assertThat(live(STABLE).getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey(CanaryNames.TRACK);
  }

  @Test
  void abortingRemovesTheCanaryAndGivesStableItsReplicasBackUnchanged() {
    start(IMAGE_V2, REPLICAS_25);

    rollout().abort(STABLE);

    assertThat(live("tfs-serving-canary")).isNull();
    assertThat(live(STABLE).getSpec().getReplicas()).isEqualTo(4);
    assertThat(image(live(STABLE))).isEqualTo(IMAGE_V1);
  }

  @Test
  void statusAfterAnInterruptedRunTellsWhatIsInProgressAndAbortFinishesIt() {
    start(IMAGE_V2, REPLICAS_25);

    // Another process (the CLI died): everything comes from the cluster.
    CanaryStatus status = rollout().status(STABLE).orElseThrow();

    assertThat(status)
        .isEqualTo(
            new CanaryStatus(
                STABLE, CanaryMode.REPLICAS, "25", IMAGE_V2, IMAGE_V1, 1, 4, Optional.empty()));
    rollout().abort(STABLE);
    assertThat(rollout().status(STABLE)).isEmpty();
  }

  @Test
  void aSecondCanaryWhileOneRunsIsRefused() {
    start(IMAGE_V2, REPLICAS_25);

    assertThatThrownBy(() -> start(IMAGE_V2, REPLICAS_25))
        .isInstanceOf(UserError.class)
        .hasMessage("a canary of deployment/tfs-serving is already in progress");
  }

  @Test
  void aCanaryWithoutAStableDeploymentIsRefused() {
    client.apps().deployments().inNamespace(KubeApi.NAMESPACE).withName(STABLE).delete();

    assertThatThrownBy(() -> start(IMAGE_V2, REPLICAS_25))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("to canary against");
  }

  @Test
  void aCanaryThatCannotStartIsRemovedAndStableKeepsItsReplicas() {
    assertThatThrownBy(() -> start(IMAGE_BROKEN, REPLICAS_25))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("the canary deployment/tfs-serving-canary did not roll out");

    assertThat(live("tfs-serving-canary")).isNull();
    assertThat(live(STABLE).getSpec().getReplicas()).isEqualTo(4);
  }

  @Test
  void promoteWithoutACanaryNamesWhatToDo() {
    assertThatThrownBy(() -> rollout().promote(STABLE, TIMEOUT))
        .isInstanceOf(UserError.class)
        .hasMessage("no canary of deployment/tfs-serving is in progress in namespace serving");
  }

  @Test
  void gatewayModeWaitsForTheRouteToBeAcceptedAndAbortLeavesItOnStable() throws Exception {
    Thread gatewayController = acceptRoutesAsAGatewayControllerWould();
    try {
      start(
          IMAGE_V2,
          new CanarySpec(CanaryMode.GATEWAY, 10, Optional.of(GatewayRef.parse("external"))));

      assertThat(live(STABLE).getSpec().getReplicas()).isEqualTo(4);
      assertThat(
              client.services().inNamespace(KubeApi.NAMESPACE).withName("tfs-serving-canary").get())
          .isNotNull();
      rollout().abort(STABLE);

      HTTPRoute route = route();
      assertThat(route.getSpec().getRules().get(0).getBackendRefs())
          .extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight)
          .containsExactly(tuple(STABLE, 100));
      assertThat(
              client.services().inNamespace(KubeApi.NAMESPACE).withName("tfs-serving-canary").get())
          .isNull();
    } finally {
      gatewayController.interrupt();
      gatewayController.join();
    }
  }

  @Test
  void aRouteTheGatewayNeverAcceptsRemovesTheCanary() {
    Manifests manifests = manifests(IMAGE_V2);
    CanaryRollout rollout = rollout();

    assertThatThrownBy(
            () ->
                rollout.start(
                    manifests,
                    manifests.deployment(Optional.empty()),
                    new CanarySpec(CanaryMode.GATEWAY, 10, Optional.of(GatewayRef.parse("gw"))),
                    RolloutProvenance.NONE,
                    Duration.ofSeconds(2)))
        .isInstanceOf(UserError.class)
        .hasMessage("the Gateway did not accept HTTPRoute/tfs-serving within 2s");
    assertThat(live("tfs-serving-canary")).isNull();
  }

  private HTTPRoute route() {
    return client.resources(HTTPRoute.class).inNamespace(KubeApi.NAMESPACE).withName(STABLE).get();
  }

  /** Writes Accepted=True on every HTTPRoute, as a Gateway controller does. */
  private Thread acceptRoutesAsAGatewayControllerWould() {
    Thread thread =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                HTTPRoute route = route();
                if (route != null && route.getStatus() == null) {
                  route.setStatus(
                      new HTTPRouteStatusBuilder()
                          .addNewParent()
                          .withControllerName("networking.gke.io/gateway")
                          .withNewParentRef()
                          .withName("external")
                          .endParentRef()
                          .withConditions(
                              new ConditionBuilder()
                                  .withType("Accepted")
                                  .withStatus("True")
                                  .withReason("Accepted")
                                  .withLastTransitionTime("2026-12-05T00:00:00Z")
                                  .build())
                          .endParent()
                          .build());
                  client.resource(route).inNamespace(KubeApi.NAMESPACE).updateStatus();
                }
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "gateway-controller");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
