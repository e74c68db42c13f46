package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.experiments.Experiments;
import dev.tfsdeploy.files.AtomicDirectory;
import dev.tfsdeploy.loadtest.CapacityRequest;
import dev.tfsdeploy.pipeline.ClusterConnection;
import dev.tfsdeploy.pipeline.ServingRollout;
import dev.tfsdeploy.sweep.Sweep;
import dev.tfsdeploy.sweep.SweepReport;
import dev.tfsdeploy.sweep.SweepRequest;
import dev.tfsdeploy.sweep.SweepResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tfs-deploy experiments sweep}: every experiment deployed, measured, priced, ranked. */
@Command(
    name = "sweep",
    header = "Deploy experiments one by one, find each one's capacity, rank them by cost.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "For each experiment: a namespace of its own (<prefix>-<experiment>, labelled",
      "app.kubernetes.io/managed-by=tfs-deploy and tfs-deploy.dev/sweep=<id>), the",
      "pods-fit check, the rollout and smoke check of --image, a warm-up and a",
      "capacity search (the highest rate whose p99 meets --slo-p99), then the",
      "namespace is deleted: always, also after a failure or Ctrl-C, unless --keep.",
      "A failed experiment is reported and the sweep goes on.",
      "",
      "The experiments that met the SLO are ranked by USD per million requests at",
      "their capacity (prices as in `experiments compare`); the cheapest is",
      "recommended. The load comes from in-cluster workers when their image is",
      "given or can be built (or with --in-cluster), else through a port-forward to",
      "one pod (which caps throughput: a warning says so)."
    },
    footerHeading = "%n",
    footer = {
      "--out DIR (new or empty) gets sweep.json (every experiment, every step),",
      "report.md (the ranking and the recommendation) and report.svg (p99 against",
      "offered rate per experiment, and USD per million requests), all or none.",
      "Under Actions the job summary gets the ranking and a Mermaid chart; step",
      "outputs: recommended, report, sweep-json, report-dir.",
      "Exit 0 with a recommendation, 3 when no experiment met the SLO, 1 when",
      "every experiment failed."
    })
final class ExperimentsSweepCommand extends StepCommand {
  @Option(
      names = "--image",
      paramLabel = "REF",
      description = "The TF Serving image every experiment runs, pinned by digest: REPO@sha256:D.")
  String image;

  @Mixin ModelNameOption modelName;

  @Option(
      names = "--experiments",
      paramLabel = "NAME",
      split = ",",
      description = "The experiments to sweep (comma-separated or repeated).")
  List<String> experiments;

  @Option(names = "--all", description = "Sweep every experiment of --kube-dir.")
  boolean all;

  @Mixin CapacityOptions capacity;

  @Mixin PredictBodyOptions predictBody;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "10s",
      description =
          "Load before each experiment's first step, not measured (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "10s",
      description =
          "Longest a request may take, counted from its intended time (default:"
              + " ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "1",
      description = "How many experiments are deployed and measured at once (default: 1).")
  int parallel;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write sweep.json, report.md and report.svg here (a new or empty directory).")
  Path out;

  @Option(names = "--keep", description = "Leave each experiment's namespace in place.")
  boolean keep;

  @Option(
      names = "--namespace-prefix",
      paramLabel = "PREFIX",
      defaultValue = "tfs-sweep",
      description = "Each experiment's namespace is PREFIX-EXPERIMENT (default: ${DEFAULT-VALUE}).")
  String namespacePrefix;

  @Option(
      names = "--in-cluster",
      negatable = true,
      description =
          "Load each experiment from workers in a Kubernetes Job next to it (their image:"
              + " --worker-image, else built from this jar and pushed next to --image);"
              + " --no-in-cluster: through a port-forward. Default: in the cluster when"
              + " --worker-image is given or the workers' image can be built, else a port-forward"
              + " with a warning.")
  Boolean inCluster;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "1",
      description = "With --in-cluster: how many workers share each step's load (default: 1).")
  int workers;

  @Mixin WorkerImageOptions workerImages;

  @Option(
      names = "--rollout-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "10m",
      description = "Longest wait for each experiment's rollout (default: ${DEFAULT-VALUE}).")
  Duration rolloutTimeout;

  @Option(
      names = "--smoke-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "2m",
      description =
          "Longest wait for the model to be AVAILABLE in each experiment (default:"
              + " ${DEFAULT-VALUE}).")
  Duration smokeTimeout;

  @Mixin GkeModeOption gkeMode;

  @Mixin PriceOptions prices;

  @Mixin KubeDirOption kubeDir;

  @Mixin KubeconfigOptions kubeconfig;

  @Override
  public Integer call() {
    String model = require(modelName.name, ModelNameOption.OPTION);
    String ref = require(image, "--image");
    if (Boolean.FALSE.equals(inCluster) && workerImages.image != null) {
      throw new UserError(
          "--worker-image is for load from inside the cluster", "drop --no-in-cluster");
    }
    if (out != null) {
      AtomicDirectory.requireUsable(out, "--out " + out);
    }
    CapacityRequest search =
        capacity.toRequest("experiments sweep", null, warmup, requestTimeout, null);
    SweepRequest request =
        new SweepRequest(
            chosen(),
            kubeDir.experiments(),
            ref,
            model,
            namespacePrefix,
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()),
            new ClusterConnection(kubeconfig.kubeconfig, kubeconfig.context, null),
            new ServingRollout.Settings(
                null,
                List.of(),
                rolloutTimeout,
                false,
                true,
                null,
                smokeTimeout,
                null,
                gkeMode.mode()),
            search,
            predictBody.body(spec),
            workers(ref),
            parallel,
            keep,
            prices.table(),
            prices.region);
    console().info("sweep " + request.sweepId() + ": " + String.join(", ", request.experiments()));
    SweepResult result = new Sweep(context(), Clock.systemUTC()).run(request);
    SweepReport report = new SweepReport(result);
    if (out != null) {
      report.write(out);
      console().info("report: " + out.resolve(SweepReport.MARKDOWN_FILE));
    }
    outputs().summary(report.summary());
    outputs().set("recommended", result.recommended().map(o -> o.experiment()).orElse(""));
    outputs().set("report", out == null ? "" : out.resolve(SweepReport.MARKDOWN_FILE).toString());
    outputs().set("sweep-json", out == null ? "" : out.resolve(SweepReport.JSON_FILE).toString());
    outputs().set("report-dir", out == null ? "" : out.toString());
    console().result(report.text());
    if (result.recommended().isPresent()) {
      return ExitCode.OK;
    }
    return result.outcomes().stream().allMatch(o -> o.failure() != null)
        ? ExitCode.FAILURE
        : ExitCode.NO_CAPACITY;
  }

  /**
   * The in-cluster load, or null for a port-forward. Without --in-cluster or --no-in-cluster the
   * workers are used when their image is given or can be built; a build that fails says why and the
   * sweep goes on through a port-forward.
   */
  private SweepRequest.InCluster workers(String modelImage) {
    if (Boolean.FALSE.equals(inCluster)) {
      return null;
    }
    String workerImage = workerImages.image;
    if (workerImage == null) {
      try {
        workerImage = WorkerImages.besideModelImage(context(), modelImage, workerImages.base);
      } catch (UserError e) {
        if (inCluster != null) {
          throw e;
        }
        console()
            .warn(
                "no load workers: their image could not be built ("
                    + e.getMessage()
                    + "); pass --worker-image IMAGE, e.g. one `tfs-deploy loadtest worker-image`"
                    + " pushed");
        return null;
      }
    }
    return new SweepRequest.InCluster(workerImage, workers, workerImages.startDelay);
  }

  private List<String> chosen() {
    Experiments all = kubeDir.experiments();
    if (this.all == (experiments != null && !experiments.isEmpty())) {
      throw new UserError(
          "which experiments? pass either --experiments A,B,... or --all",
          "valid experiments: " + String.join(", ", all.names()));
    }
    if (this.all) {
      return all.names();
    }
    List<String> names = experiments.stream().map(String::strip).filter(n -> !n.isEmpty()).toList();
    names.forEach(all::directory);
    return names;
  }
}
