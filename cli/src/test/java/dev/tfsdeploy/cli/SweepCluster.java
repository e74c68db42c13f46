package dev.tfsdeploy.cli;

import dev.tfsdeploy.cluster.rollout.testing.ClusterSimulator;
import dev.tfsdeploy.cluster.rollout.testing.JobController;
import dev.tfsdeploy.cluster.rollout.testing.KubeApi;
import dev.tfsdeploy.cluster.rollout.testing.PodFate;
import dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments;
import dev.tfsdeploy.cluster.rollout.testing.TfServingBackend;
import dev.tfsdeploy.loadtest.FifoWorkers;
import dev.tfsdeploy.sweep.SweepNamespaces;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the sweep's tests run against: the mock API server, one simulated controller per
 * experiment's namespace, and behind each experiment's pods a TF Serving stand-in whose predict
 * requests queue for a known number of workers of a known service time (capacity workers / service
 * time).
 */
final class SweepCluster implements AutoCloseable {
  static final String PREFIX = "tfs-sweep";
  static final String MODEL = "half_plus_two";
  static final String IMAGE = RenderedExperiments.IMAGE_V1;

  final KubeApi api = KubeApi.start();
  final Path dir;
  final Path kubeconfig;
  final Path request;
  private final List<AutoCloseable> parts = new ArrayList<>();
  private final List<JobController> jobs = new ArrayList<>();
  private boolean loadWorkers;

  SweepCluster(Path dir) {
    this.dir = dir;
    this.kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
    try {
      this.request = Files.writeString(dir.resolve("request.json"), "{\"instances\": [[1.0]]}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * From now on each experiment's namespace also runs load workers' Jobs: their commands run
   * in-process, and the experiment's Service's cluster DNS name reaches its stand-in.
   */
  SweepCluster withWorkers() {
    loadWorkers = true;
    return this;
  }

  /** The Jobs every experiment's namespace ran. */
  List<Job> jobs() {
    return jobs.stream().flatMap(controller -> controller.created().stream()).toList();
  }

  /** The experiment's pods serve with {@code workers} workers taking {@code service} each. */
  SweepCluster experiment(String name, int workers, Duration service) {
    return experiment(name, workers, service, PodFate.HEALTHY);
  }

  /** The experiment's pods meet {@code fate}; healthy ones serve as above. */
  SweepCluster experiment(String name, int workers, Duration service, PodFate fate) {
    TfServingBackend backend =
        new TfServingBackend(MODEL, "1", 1).queueing(new FifoWorkers(workers, service));
    ClusterSimulator simulator =
        new ClusterSimulator(api, namespace(name))
            .servingBackend(backend.address())
            .fate(IMAGE, fate)
            .start();
    parts.add(simulator);
    parts.add(backend);
    if (loadWorkers) {
      try {
        JobController controller =
            new JobController(
                    api,
                    (args, env) -> {
                      CommandRun run = CommandRun.of(env, args.toArray(String[]::new));
                      return new JobController.Exit(run.exitCode(), run.stderr() + run.stdout());
                    },
                    Files.createDirectories(dir.resolve("volumes-" + namespace(name))),
                    namespace(name))
                .service("tfs-serving." + namespace(name) + ".svc:8501", backend.address())
                .start();
        jobs.add(controller);
        parts.add(controller);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return this;
  }

  static String namespace(String experiment) {
    return SweepNamespaces.name(PREFIX, experiment);
  }

  /** The namespaces a sweep created and left. */
  List<String> sweepNamespaces() {
    return api
        .client()
        .namespaces()
        .withLabel(SweepNamespaces.SWEEP_LABEL)
        .list()
        .getItems()
        .stream()
        .map(Namespace::getMetadata)
        .map(m -> m.getName())
        .toList();
  }

  /**
   * {@code experiments sweep} with quick steps and bounds, and {@code extra}; through a
   * port-forward unless {@code extra} chooses the load's path.
   */
  CommandRun sweep(Map<String, String> env, String... extra) {
    List<String> given = List.of(extra);
    if (!given.contains("--in-cluster")
        && !given.contains("--no-in-cluster")
        && !given.contains(DEFAULT_LOAD)) {
      return sweepWith(env, concat(extra, "--no-in-cluster"));
    }
    return sweepWith(
        env, given.stream().filter(arg -> !arg.equals(DEFAULT_LOAD)).toArray(String[]::new));
  }

  /** Passed to {@link #sweep}: neither --in-cluster nor --no-in-cluster, the sweep decides. */
  static final String DEFAULT_LOAD = "(default load path)";

  private static String[] concat(String[] extra, String arg) {
    String[] all = java.util.Arrays.copyOf(extra, extra.length + 1);
    all[extra.length] = arg;
    return all;
  }

  private CommandRun sweepWith(Map<String, String> env, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "experiments",
                "sweep",
                "--image",
                IMAGE,
                "--model-name",
                MODEL,
                "--kube-dir",
                RenderCommandTest.KUBE.toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "--request",
                request.toString(),
                "--slo-p99",
                "300ms",
                "--start-rate",
                "5",
                "--max-rate",
                "400",
                "--step-duration",
                "500ms",
                "--tolerance",
                "0.25",
                "--max-duration",
                "60s",
                "--warmup",
                "200ms",
                "--request-timeout",
                "1s",
                "--rollout-timeout",
                "20s",
                "--smoke-timeout",
                "10s"));
    args.addAll(List.of(extra));
    return CommandRun.of(env, args.toArray(String[]::new));
  }

  @Override
  public void close() {
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
    api.close();
  }
}
