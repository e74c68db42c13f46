package dev.tfsdeploy.sweep;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.StepOutputs;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.loadtest.CapacityReport;
import dev.tfsdeploy.loadtest.CapacityResult;
import dev.tfsdeploy.loadtest.CapacitySearch;
import dev.tfsdeploy.loadtest.LoadGenerator;
import dev.tfsdeploy.loadtest.LoadListener;
import dev.tfsdeploy.loadtest.ResultReport;
import dev.tfsdeploy.loadtest.ServiceTunnel;
import dev.tfsdeploy.loadtest.ServingApi;
import dev.tfsdeploy.loadtest.Target;
import dev.tfsdeploy.loadtest.workers.InClusterLoad;
import dev.tfsdeploy.loadtest.workers.InClusterRequest;
import dev.tfsdeploy.model.SavedModelValidator;
import dev.tfsdeploy.pipeline.ClusterConnection;
import dev.tfsdeploy.pipeline.DeployProvenance;
import dev.tfsdeploy.pipeline.ManifestRendering;
import dev.tfsdeploy.pipeline.ServingRollout;
import dev.tfsdeploy.pipeline.StepContext;
import dev.tfsdeploy.pricing.ExperimentCost;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds the cheapest experiment that meets a latency SLO: each experiment is deployed into a
 * namespace of its own, checked to fit, rolled out, smoke-checked, warmed up and measured by a
 * capacity search (from load workers in the cluster, or through a port-forward), then its namespace
 * is deleted (unless kept), also after a failure, an interrupt or Ctrl-C. A failed experiment is
 * recorded with its reason and the sweep goes on.
 */
public final class Sweep {
  private final StepContext context;
  private final Console console;
  private final Clock clock;

  public Sweep(StepContext context, Clock clock) {
    this.context = context;
    this.console = context.console();
    this.clock = clock;
  }

  /** What is known of an experiment before anything is deployed. */
  private record Planned(
      String experiment, String namespace, String yaml, ExperimentCost.Quote price) {}

  /**
   * Runs the sweep. Experiments that do not exist, do not render or cannot be priced fail it before
   * anything is deployed; an interrupt deletes the namespaces and throws.
   */
  public SweepResult run(SweepRequest request) {
    List<Planned> planned = plan(request);
    if (request.inCluster() == null) {
      console.warn(
          "the load goes through a port-forward to one pod, via the Kubernetes API server, which"
              + " adds latency and caps throughput: the capacities are of that path. Load workers"
              + " next to each experiment measure the server itself: pass --worker-image IMAGE"
              + " (tfs-deploy loadtest worker-image builds one).");
    }
    try (KubernetesClient client = request.cluster().connect(console)) {
      SweepNamespaces namespaces = new SweepNamespaces(client, request.sweepId());
      Thread hook =
          new Thread(
              () -> namespaces.deleteAll(console::warn), "tfs-deploy-sweep-" + request.sweepId());
      Runtime.getRuntime().addShutdownHook(hook);
      ExecutorService pool = Executors.newFixedThreadPool(request.parallel(), threads());
      List<Future<ExperimentOutcome>> running = new ArrayList<>();
      try {
        for (Planned experiment : planned) {
          running.add(pool.submit(() -> measure(request, experiment, client, namespaces)));
        }
        List<ExperimentOutcome> outcomes = new ArrayList<>();
        for (Future<ExperimentOutcome> future : running) {
          outcomes.add(future.get());
        }
        return new SweepResult(request.sweepId(), request, outcomes);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError(
            "the sweep was interrupted",
            request.keep()
                ? "its namespaces were kept (--keep); run it again"
                : "its namespaces were deleted; run it again",
            e);
      } catch (ExecutionException | CancellationException e) {
        throw new IllegalStateException("an experiment's run failed unexpectedly", e);
      } finally {
        running.forEach(future -> future.cancel(true));
        pool.shutdownNow();
        if (!request.keep()) {
          deleteLeft(namespaces);
        }
        removeHook(hook);
      }
    }
  }

  /**
   * Deletes the namespaces still live. An interrupted thread's API calls fail at once, so the
   * interrupt that ended the sweep waits until they are done.
   */
  private void deleteLeft(SweepNamespaces namespaces) {
    boolean interrupted = Thread.interrupted();
    try {
      Set<String> deleted = namespaces.deleteAll(console::warn);
      if (!deleted.isEmpty()) {
        console.info("deleted namespace(s) " + String.join(", ", deleted));
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Names, renders and prices every experiment; any failure here ends the sweep at once. */
  private List<Planned> plan(SweepRequest request) {
    ExperimentCost cost = new ExperimentCost(request.prices());
    Map<String, String> owners = new LinkedHashMap<>();
    List<Planned> planned = new ArrayList<>();
    for (String experiment : new LinkedHashSet<>(request.experiments())) {
      String namespace = SweepNamespaces.name(request.namespacePrefix(), experiment);
      String other = owners.putIfAbsent(namespace, experiment);
      if (other != null) {
        throw new UserError(
            "experiments " + other + " and " + experiment + " both map to namespace " + namespace,
            "sweep them separately");
      }
      String yaml =
          ManifestRendering.render(
                  request.kubeDir().directory(experiment),
                  request.image(),
                  request.modelName(),
                  console::warn)
              .yaml();
      ExperimentCost.Quote price =
          cost.quote(request.kubeDir(), experiment, request.rollout().gkeMode(), request.region());
      planned.add(new Planned(experiment, namespace, yaml, price));
    }
    return planned;
  }

  /** One experiment, start to end; never throws but for an interrupt. */
  private ExperimentOutcome measure(
      SweepRequest request, Planned planned, KubernetesClient client, SweepNamespaces namespaces) {
    Steps steps = new Steps(planned.experiment());
    CapacityResult search = null;
    String failure = null;
    try {
      steps.run(
          "namespace",
          () -> {
            namespaces.create(planned.namespace(), planned.experiment());
            if (request.keep()) {
              namespaces.keep(planned.namespace());
            }
            return planned.namespace();
          },
          namespace -> "namespace " + namespace + " created");
      String service =
          steps.run(
              "deploy",
              () -> deploy(request, planned),
              name -> "deployed: the pods fit, rolled out, smoke-checked (Service " + name + ")");
      search =
          steps.run(
              "capacity",
              () -> capacity(request, planned, client, service),
              found -> new CapacityReport(found, planned.experiment(), null).conclusion());
    } catch (StepFailed e) {
      failure = e.getMessage();
    } finally {
      if (!request.keep()) {
        steps.cleanup(planned.namespace(), namespaces);
      }
    }
    if (request.keep()) {
      steps.say("kept namespace " + planned.namespace());
    }
    return new ExperimentOutcome(
        planned.experiment(),
        planned.namespace(),
        steps.done,
        planned.price(),
        search,
        failure,
        request.keep());
  }

  /** Renders, checks the fit, rolls out and smoke-checks; returns the Service's name. */
  private String deploy(SweepRequest request, Planned planned) {
    ClusterConnection cluster = request.cluster();
    ServingRollout rollout =
        new ServingRollout(
            quiet(),
            new ClusterConnection(cluster.kubeconfig(), cluster.context(), planned.namespace()));
    return rollout.deployForMeasurement(
        new ServingRollout.Request(
            Manifests.parse(planned.yaml(), "experiment " + planned.experiment()),
            request.modelName(),
            planned.experiment(),
            DeployProvenance.UNKNOWN,
            request.rollout()));
  }

  /** The capacity search against the experiment's Service: in-cluster workers or a port-forward. */
  private CapacityResult capacity(
      SweepRequest request, Planned planned, KubernetesClient client, String service) {
    CapacitySearch.StepListener listener =
        step ->
            say(
                planned.experiment(),
                "step at "
                    + ResultReport.fixed(step.rate(), 1)
                    + " requests/s: p99 "
                    + ResultReport.fixed(step.result().latency().p99(), 2)
                    + " ms, "
                    + step.verdict().text());
    SweepRequest.InCluster inCluster = request.inCluster();
    if (inCluster != null) {
      InClusterRequest load =
          new InClusterRequest(
              planned.namespace(),
              service,
              planned.experiment(),
              ServingApi.REST,
              Target.requireModelName("the experiment's Service", request.modelName()),
              SavedModelValidator.DEFAULT_SIGNATURE,
              new String(request.body().bytes(), StandardCharsets.UTF_8),
              request.capacity().step(request.capacity().startRate(), true),
              inCluster.workers(),
              inCluster.workerImage(),
              inCluster.startDelay());
      InClusterLoad workers =
          new InClusterLoad(client, line -> say(planned.experiment(), line), clock);
      return new CapacitySearch(spec -> workers.run(load.withLoad(spec)).measurement(), listener)
          .find(request.capacity(), "Service " + service + " from in-cluster workers");
    }
    try (ServiceTunnel tunnel =
        ServiceTunnel.open(
            client, planned.namespace(), service, planned.experiment(), ServingApi.REST)) {
      Target target = Target.of(tunnel.url(), request.modelName());
      LoadGenerator generator = new LoadGenerator(LoadListener.NONE);
      return new CapacitySearch(
              spec -> generator.measure(target, request.body().bytes(), spec), listener)
          .find(request.capacity(), target.url());
    }
  }

  /** A context whose rollouts log to this console but write no step outputs or job summary. */
  private StepContext quiet() {
    return new StepContext(
        console,
        new StepOutputs(new ActionsEnvironment(Map.of())),
        context.version(),
        context.mainClass());
  }

  private void say(String experiment, String line) {
    console.info("[" + experiment + "] " + line);
  }

  /** A step that failed; its message is the reason, one line. */
  private static final class StepFailed extends RuntimeException {
    StepFailed(String reason) {
      super(reason);
    }
  }

  /** An experiment's steps as they are done. */
  private final class Steps {
    private final String experiment;
    private final List<ExperimentOutcome.Step> done = new ArrayList<>();

    Steps(String experiment) {
      this.experiment = experiment;
    }

    void say(String line) {
      Sweep.this.say(experiment, line);
    }

    /**
     * Runs a step and returns what it made, recorded with {@code detail} of it; a failure is
     * recorded and ends the experiment (an interrupt ends the sweep).
     */
    <T> T run(String name, Supplier<T> work, Function<T, String> detail) {
      long start = System.nanoTime();
      try {
        T made = work.get();
        String line = detail.apply(made);
        done.add(new ExperimentOutcome.Step(name, true, seconds(start), line));
        say(line);
        return made;
      } catch (UserError e) {
        throw failed(name, start, e.oneLine());
      } catch (KubernetesClientException e) {
        throw failed(name, start, "the Kubernetes API answered: " + e.getMessage());
      } catch (RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
        throw failed(name, start, e.toString());
      }
    }

    /** Records the failed step and says so; the exception to throw ends the experiment. */
    private StepFailed failed(String name, long start, String reason) {
      done.add(new ExperimentOutcome.Step(name, false, seconds(start), reason));
      warn(name + " failed: " + reason);
      return new StepFailed(name + ": " + reason);
    }

    void warn(String line) {
      console.warn("[" + experiment + "] " + line);
    }

    void cleanup(String namespace, SweepNamespaces namespaces) {
      long start = System.nanoTime();
      try {
        if (namespaces.delete(namespace)) {
          done.add(
              new ExperimentOutcome.Step("cleanup", true, seconds(start), "deleted " + namespace));
          say("deleted namespace " + namespace);
        }
      } catch (KubernetesClientException e) {
        done.add(new ExperimentOutcome.Step("cleanup", false, seconds(start), e.getMessage()));
        warn("could not delete namespace " + namespace + ": " + e.getMessage());
      }
    }

    private double seconds(long start) {
      return (System.nanoTime() - start) / 1e9;
    }
  }

  private static ThreadFactory threads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "tfs-deploy-sweep-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: it deletes what is left.
    }
  }
}
