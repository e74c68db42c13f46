package dev.tfsdeploy.cluster.rollout;

import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_BROKEN;
import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V1;
import static dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments.IMAGE_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tfsdeploy.cluster.rollout.testing.ApiServerDispatcher.ApplyRequest;
import dev.tfsdeploy.cluster.rollout.testing.ClusterSimulator;
import dev.tfsdeploy.cluster.rollout.testing.KubeApi;
import dev.tfsdeploy.cluster.rollout.testing.PodFate;
import dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeployerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private KubeApi api;
  private ClusterSimulator cluster;
  private KubernetesClient client;
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final RolloutListener listener =
      new RolloutListener() {
        @Override
        public void progress(String message) {
          progress.add(message);
        }

        @Override
        public void warning(String message) {
          warnings.add(message);
        }
      };

  @BeforeEach
  void startCluster() {
    api = KubeApi.start();
    client = api.client();
    cluster = new ClusterSimulator(api).start();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
    api.close();
  }

  private Deployer deployer() {
    return new Deployer(client, KubeApi.NAMESPACE, listener);
  }

  private DeployRequest request(
      String yaml, String experiment, Duration timeout, boolean rollBack) {
    RolloutProvenance provenance =
        new RolloutProvenance(
            Optional.of(experiment),
            Optional.empty(),
            Optional.of("v1.4.0"),
            Optional.of("acme/half-plus-two"),
            Optional.of("0123abc"),
            Optional.of("https://github.com/acme/deploy/actions/runs/42"));
    return new DeployRequest(
        Manifests.parse(yaml, experiment), Optional.empty(), provenance, timeout, rollBack);
  }

  private DeployResult deploy(String yaml, String experiment) {
    return deployer().deploy(request(yaml, experiment, TIMEOUT, true));
  }

  private Deployment live() {
    return client.apps().deployments().inNamespace(KubeApi.NAMESPACE).withName("tfs-serving").get();
  }

  private static String image(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  @Test
  void firstDeployAppliesEveryObjectAndWaitsForTheRollout() {
    DeployResult result =
        deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);

    assertThat(result.deployment().getStatus().getAvailableReplicas()).isEqualTo(1);
    assertThat(RolloutProgress.of(live()).state()).isEqualTo(RolloutProgress.State.COMPLETE);
    assertThat(image(live())).isEqualTo(IMAGE_V1);
    assertThat(client.services().inNamespace(KubeApi.NAMESPACE).withName("tfs-serving").get())
        .isNotNull();
    assertThat(
            client
                .configMaps()
                .inNamespace(KubeApi.NAMESPACE)
                .withName("tfs-batching-kd85fh756h")
                .get())
        .isNotNull();
    assertThat(progress)
        .contains("applied ConfigMap/tfs-batching-kd85fh756h", "deployment/tfs-serving rolled out");
  }

  @Test
  void waitsByWatchingTheDeploymentAndItsPods() throws InterruptedException {
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);

    List<String> requests = new java.util.ArrayList<>();
    for (var request = api.server().takeRequest(0, java.util.concurrent.TimeUnit.SECONDS);
        request != null;
        request = api.server().takeRequest(0, java.util.concurrent.TimeUnit.SECONDS)) {
      requests.add(request.getPath());
    }
    assertThat(requests)
        .anyMatch(
            path ->
                path.startsWith("/apis/apps/v1/namespaces/serving/deployments?")
                    && path.contains("fieldSelector=metadata.name%3Dtfs-serving")
                    && path.contains("watch=true"));
    assertThat(requests)
        .anyMatch(
            path ->
                path.startsWith("/api/v1/namespaces/serving/pods?")
                    && path.contains("labelSelector=")
                    && path.contains("watch=true"));
  }

  @Test
  void appliesServerSideAsTheTfsDeployFieldManagerForcingConflicts() {
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);

    List<ApplyRequest> applies = api.dispatcher().applies();
    assertThat(applies)
        .extracting(ApplyRequest::path)
        .containsExactly(
            "/api/v1/namespaces/serving/configmaps/tfs-batching-kd85fh756h",
            "/api/v1/namespaces/serving/services/tfs-serving",
            "/apis/apps/v1/namespaces/serving/deployments/tfs-serving");
    assertThat(applies)
        .allSatisfy(
            apply -> {
              assertThat(apply.contentType()).startsWith("application/apply-patch+yaml");
              assertThat(apply.query())
                  .containsEntry("fieldManager", "tfs-deploy")
                  .containsEntry("force", "true")
                  .doesNotContainKey("dryRun");
            });
  }

  @Test
  void labelsEveryObjectForPruningAndAnnotatesItsProvenance() {
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);

    ConfigMap config =
        client
            .configMaps()
            .inNamespace(KubeApi.NAMESPACE)
            .withName("tfs-batching-kd85fh756h")
            .get();
    for (var object : List.of(live(), config)) {
      assertThat(object.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "tfs-deploy")
          .containsEntry("app.kubernetes.io/instance", "tfs-serving")
          .containsEntry("app.kubernetes.io/name", "tfs-serving");
      assertThat(object.getMetadata().getAnnotations())
          .containsEntry("tfs-deploy.dev/experiment", RenderedExperiments.BATCHING)
          .containsEntry("tfs-deploy.dev/release-tag", "v1.4.0")
          .containsEntry("tfs-deploy.dev/model-repo", "acme/half-plus-two")
          .containsEntry("tfs-deploy.dev/commit", "0123abc")
          .containsEntry(
              "tfs-deploy.dev/run-url", "https://github.com/acme/deploy/actions/runs/42");
    }
    assertThat(live().getSpec().getSelector().getMatchLabels())
        .doesNotContainKey("app.kubernetes.io/instance");
    assertThat(live().getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey("app.kubernetes.io/managed-by");
  }

  @Test
  void movingToANonBatchingExperimentPrunesTheBatchingConfigMap() {
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);

    DeployResult result =
        deploy(RenderedExperiments.nonBatching(IMAGE_V1), RenderedExperiments.NON_BATCHING);

    assertThat(result.pruned())
        .containsExactly(new ObjectRef("ConfigMap", "tfs-batching-kd85fh756h"));
    assertThat(
            client
                .configMaps()
                .inNamespace(KubeApi.NAMESPACE)
                .withName("tfs-batching-kd85fh756h")
                .get())
        .isNull();
    assertThat(
            client
                .policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(KubeApi.NAMESPACE)
                .withName("tfs-serving")
                .get())
        .isNotNull();
    assertThat(live().getSpec().getReplicas()).isEqualTo(4);
    assertThat(live().getSpec().getTemplate().getSpec().getVolumes()).isNullOrEmpty();
  }

  @Test
  void pruneLeavesObjectsOfOtherAppsAlone() {
    client
        .configMaps()
        .inNamespace(KubeApi.NAMESPACE)
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("someone-elses")
                .addToLabels("app.kubernetes.io/managed-by", "tfs-deploy")
                .addToLabels("app.kubernetes.io/instance", "other-model")
                .endMetadata()
                .build())
        .create();
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);

    deploy(RenderedExperiments.nonBatching(IMAGE_V1), RenderedExperiments.NON_BATCHING);

    assertThat(client.configMaps().inNamespace(KubeApi.NAMESPACE).withName("someone-elses").get())
        .isNotNull();
  }

  @Test
  void imagePullBackOffIsReportedAndRolledBackToThePreviousImage() {
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);
    cluster.fate(IMAGE_BROKEN, PodFate.IMAGE_PULL_BACKOFF);

    RolloutFailedException failure =
        catchThrowableOfType(
            RolloutFailedException.class,
            () -> deploy(RenderedExperiments.batching(IMAGE_BROKEN), RenderedExperiments.BATCHING));

    assertThat(failure.getMessage())
        .contains("rollout of deployment/tfs-serving failed: ProgressDeadlineExceeded")
        .contains("[ImagePullBackOff]")
        .contains("rolled back to revision 1 (" + IMAGE_V1 + ")");
    assertThat(failure.diagnosis().problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.toString())
                    .contains(
                        "ImagePullBackOff — Back-off pulling image \"" + IMAGE_BROKEN + "\""));
    assertThat(failure.diagnosis().events())
        .anyMatch(e -> e.startsWith("Warning Failed pod/") && e.contains("Failed to pull image"));
    assertThat(failure.diagnosis().logs()).isEmpty();
    assertThat(warnings).anyMatch(w -> w.contains("ImagePullBackOff"));
    assertThat(image(live())).isEqualTo(IMAGE_V1);
    assertThat(RolloutProgress.of(live()).state()).isEqualTo(RolloutProgress.State.COMPLETE);
    assertThat(Revisions.revision(live())).isEqualTo(3);
  }

  @Test
  void crashLoopShowsTheLastFiftyLinesTheCrashedServerLogged() {
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);
    cluster.fate(IMAGE_BROKEN, PodFate.CRASH_LOOP);

    RolloutFailedException failure =
        catchThrowableOfType(
            RolloutFailedException.class,
            () -> deploy(RenderedExperiments.batching(IMAGE_BROKEN), RenderedExperiments.BATCHING));

    assertThat(failure.diagnosis().reasons()).isEqualTo("CrashLoopBackOff");
    assertThat(failure.diagnosis().problems().get(0).message())
        .contains("last exit code 1 (Error), restarted 4 times");
    String log = failure.diagnosis().logs().values().iterator().next();
    assertThat(log.lines()).hasSize(50);
    assertThat(log)
        .endsWith(
            "Failed to start server. Error: NOT_FOUND: Could not find base path /models/model for"
                + " servable model\n");
    assertThat(api.dispatcher().logRequests())
        .anyMatch(
            q ->
                q.contains("container=tfs-serving")
                    && q.contains("previous=true")
                    && q.contains("tailLines=50"));
    assertThat(image(live())).isEqualTo(IMAGE_V1);
  }

  @Test
  void oomKilledNamesTheMemoryLimit() {
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);
    cluster.fate(IMAGE_BROKEN, PodFate.OOM_KILLED);

    RolloutFailedException failure =
        catchThrowableOfType(
            RolloutFailedException.class,
            () -> deploy(RenderedExperiments.batching(IMAGE_BROKEN), RenderedExperiments.BATCHING));

    assertThat(failure.getMessage()).contains("[CrashLoopBackOff, OOMKilled]");
    assertThat(failure.diagnosis().problems())
        .anyMatch(
            p ->
                p.reason().equals("OOMKilled")
                    && p.message().contains("exit code 137")
                    && p.message().contains("resources.limits.memory"));
    assertThat(failure.diagnosis().logs().values().iterator().next())
        .contains("Reading SavedModel from: /models/model/1");
  }

  @Test
  void unschedulablePodsCarryTheSchedulersMessage() {
    deploy(RenderedExperiments.nonBatching(IMAGE_V1), RenderedExperiments.NON_BATCHING);
    cluster.fate(IMAGE_V2, PodFate.UNSCHEDULABLE);

    RolloutFailedException failure =
        catchThrowableOfType(
            RolloutFailedException.class,
            () ->
                deploy(
                    RenderedExperiments.nonBatching(IMAGE_V2), RenderedExperiments.NON_BATCHING));

    assertThat(failure.diagnosis().problems())
        .hasSize(4)
        .allSatisfy(
            p -> {
              assertThat(p.reason()).isEqualTo("Unschedulable");
              assertThat(p.message()).startsWith("0/3 nodes are available: 3 Insufficient memory.");
            });
    assertThat(failure.diagnosis().events())
        .anyMatch(e -> e.startsWith("Warning FailedScheduling pod/"));
    assertThat(image(live())).isEqualTo(IMAGE_V1);
  }

  @Test
  void aRolloutThatNeverFinishesEndsAtTheTimeoutAndIsRolledBack() {
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);
    cluster.fate(IMAGE_V2, PodFate.STALLED);

    RolloutFailedException failure =
        catchThrowableOfType(
            RolloutFailedException.class,
            () ->
                deployer()
                    .deploy(
                        request(
                            RenderedExperiments.batching(IMAGE_V2),
                            RenderedExperiments.BATCHING,
                            Duration.ofSeconds(2),
                            true)));

    assertThat(failure.getMessage())
        .contains("failed: not complete within --timeout 2s")
        .contains("rolled back to revision 1");
    assertThat(image(live())).isEqualTo(IMAGE_V1);
  }

  @Test
  void aFailedFirstDeploySaysThereIsNothingToRollBackTo() {
    cluster.fate(IMAGE_BROKEN, PodFate.IMAGE_PULL_BACKOFF);

    RolloutFailedException failure =
        catchThrowableOfType(
            RolloutFailedException.class,
            () -> deploy(RenderedExperiments.batching(IMAGE_BROKEN), RenderedExperiments.BATCHING));

    assertThat(failure.getMessage())
        .endsWith("nothing to roll back to (this was the Deployment's first revision)");
    assertThat(failure.fix()).contains("the failed revision is still in place");
    assertThat(image(live())).isEqualTo(IMAGE_BROKEN);
  }

  @Test
  void withoutRollbackTheFailedRevisionStays() {
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);
    cluster.fate(IMAGE_BROKEN, PodFate.IMAGE_PULL_BACKOFF);

    RolloutFailedException failure =
        catchThrowableOfType(
            RolloutFailedException.class,
            () ->
                deployer()
                    .deploy(
                        request(
                            RenderedExperiments.batching(IMAGE_BROKEN),
                            RenderedExperiments.BATCHING,
                            TIMEOUT,
                            false)));

    assertThat(failure.getMessage()).endsWith("not rolled back (--no-rollback)");
    assertThat(image(live())).isEqualTo(IMAGE_BROKEN);
  }

  @Test
  void aFailedRolloutPrunesNothingSoThePreviousRevisionKeepsItsConfigMap() {
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);
    cluster.fate(IMAGE_BROKEN, PodFate.CRASH_LOOP);

    assertThatThrownBy(
            () ->
                deploy(
                    RenderedExperiments.nonBatching(IMAGE_BROKEN),
                    RenderedExperiments.NON_BATCHING))
        .isInstanceOf(RolloutFailedException.class);

    assertThat(
            client
                .configMaps()
                .inNamespace(KubeApi.NAMESPACE)
                .withName("tfs-batching-kd85fh756h")
                .get())
        .isNotNull();
    assertThat(live().getSpec().getTemplate().getSpec().getVolumes())
        .extracting(v -> v.getConfigMap().getName())
        .containsExactly("tfs-batching-kd85fh756h");
  }

  @Test
  void aRolledBackTemplateLosesThePodTemplateHashLabel() {
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);
    cluster.fate(IMAGE_BROKEN, PodFate.IMAGE_PULL_BACKOFF);

    assertThatThrownBy(
            () -> deploy(RenderedExperiments.batching(IMAGE_BROKEN), RenderedExperiments.BATCHING))
        .isInstanceOf(RolloutFailedException.class);

    assertThat(live().getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey("pod-template-hash");
  }

  @Test
  void dryRunAsksTheServerAndChangesNothing() {
    deploy(RenderedExperiments.batching(IMAGE_V1), RenderedExperiments.BATCHING);
    int appliesBefore = api.dispatcher().applies().size();

    DeployResult result =
        deployer()
            .dryRun(
                request(
                    RenderedExperiments.nonBatching(IMAGE_V2),
                    RenderedExperiments.NON_BATCHING,
                    TIMEOUT,
                    true));

    assertThat(result.dryRun()).isTrue();
    assertThat(result.pruned())
        .containsExactly(new ObjectRef("ConfigMap", "tfs-batching-kd85fh756h"));
    assertThat(api.dispatcher().applies().subList(appliesBefore, api.dispatcher().applies().size()))
        .hasSize(3)
        .allSatisfy(apply -> assertThat(apply.query()).containsEntry("dryRun", "All"));
    assertThat(image(live())).isEqualTo(IMAGE_V1);
    assertThat(
            client
                .configMaps()
                .inNamespace(KubeApi.NAMESPACE)
                .withName("tfs-batching-kd85fh756h")
                .get())
        .isNotNull();
    assertThat(
            client
                .policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(KubeApi.NAMESPACE)
                .withName("tfs-serving")
                .get())
        .isNull();
  }
}
