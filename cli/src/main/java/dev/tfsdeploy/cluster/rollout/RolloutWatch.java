package dev.tfsdeploy.cluster.rollout;

import dev.tfsdeploy.Durations;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waits for a Deployment's rollout by watching it (an informer: one list, then a watch), never by
 * polling. Pods of the Deployment are watched too, so that a pod stuck in ImagePullBackOff or
 * CrashLoopBackOff is reported the moment it happens rather than only at the end.
 */
public final class RolloutWatch {
  private final KubernetesClient client;
  private final String namespace;
  private final RolloutListener listener;

  public RolloutWatch(KubernetesClient client, String namespace, RolloutListener listener) {
    this.client = client;
    this.namespace = namespace;
    this.listener = listener;
  }

  public RolloutOutcome await(Deployment applied, Duration timeout) {
    String name = applied.getMetadata().getName();
    CompletableFuture<RolloutOutcome> done = new CompletableFuture<>();
    AtomicReference<Deployment> lastSeen = new AtomicReference<>(applied);
    AtomicReference<String> lastDescription = new AtomicReference<>("");
    ResourceEventHandler<Deployment> deployments =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Deployment deployment) {
            judge(deployment);
          }

          @Override
          public void onUpdate(Deployment before, Deployment after) {
            judge(after);
          }

          @Override
          public void onDelete(Deployment deployment, boolean finalStateUnknown) {
            done.complete(
                RolloutOutcome.failed(
                    "Deployment " + name + " was deleted while rolling out", deployment));
          }

          private void judge(Deployment deployment) {
            lastSeen.set(deployment);
            RolloutProgress progress = RolloutProgress.of(deployment);
            switch (progress.state()) {
              case COMPLETE -> done.complete(RolloutOutcome.complete(deployment));
              case DEADLINE_EXCEEDED ->
                  done.complete(RolloutOutcome.failed(progress.description(), deployment));
              case IN_PROGRESS -> {
                if (!progress
                    .description()
                    .equals(lastDescription.getAndSet(progress.description()))) {
                  listener.progress("deployment/" + name + ": " + progress.description());
                }
              }
            }
          }
        };
    Set<String> reported = ConcurrentHashMap.newKeySet();
    ResourceEventHandler<Pod> pods =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            report(pod);
          }

          @Override
          public void onUpdate(Pod before, Pod after) {
            report(after);
          }

          @Override
          public void onDelete(Pod pod, boolean finalStateUnknown) {}

          private void report(Pod pod) {
            for (PodProblem problem : PodProblems.of(pod)) {
              if (reported.add(
                  problem.pod() + "|" + problem.container() + "|" + problem.reason())) {
                listener.warning(problem.toString());
              }
            }
          }
        };
    try (SharedIndexInformer<Pod> podInformer =
            client
                .pods()
                .inNamespace(namespace)
                .withLabels(applied.getSpec().getSelector().getMatchLabels())
                .inform(pods);
        SharedIndexInformer<Deployment> deploymentInformer =
            client.apps().deployments().inNamespace(namespace).withName(name).inform(deployments)) {
      return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return RolloutOutcome.failed(
          "not complete within --timeout "
              + Durations.format(timeout)
              + " ("
              + RolloutProgress.of(lastSeen.get()).description()
              + ")",
          lastSeen.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return RolloutOutcome.failed("interrupted while waiting", lastSeen.get());
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
