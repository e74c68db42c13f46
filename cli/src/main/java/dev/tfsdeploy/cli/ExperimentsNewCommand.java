package dev.tfsdeploy.cli;

import dev.tfsdeploy.experiments.NewExperiment;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tfs-deploy experiments new}: writes a new experiment overlay that renders. */
@Command(
    name = "new",
    header = "Write a new experiment overlay.",
    sortOptions = false,
    description = {
      "Write KUBE_DIR/experiments/NAME: an overlay of the base with the given pod size,",
      "replicas, TF Serving threads (intra-op = vCPUs) and optional batching. Prints its path."
    })
final class ExperimentsNewCommand extends StepCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "e.g. 4vCPU+16GB+inter_op2")
  String name;

  // Required by picocli itself (no environment variable stands for them), so one error names every
  // missing option at once.
  @Option(
      names = "--vcpu",
      paramLabel = "N",
      required = true,
      description =
          "vCPUs per pod, whole or fractional (0.5 = 500m); rounded up, also the intra-op threads.")
  String vcpu;

  @Option(
      names = "--memory",
      paramLabel = "SIZE",
      required = true,
      description = "Memory per pod: 8GB, 8Gi or 512Mi.")
  String memory;

  @Option(names = "--replicas", paramLabel = "N", required = true, description = "Number of pods.")
  int replicas;

  @Option(
      names = "--inter-op",
      paramLabel = "N",
      required = true,
      description = "TF Serving inter-op threads.")
  int interOp;

  @Option(
      names = "--batching",
      paramLabel = "KEY=VALUE,...",
      description =
          "Enable batching with these parameters (max_batch_size, batch_timeout_micros, "
              + "max_enqueued_batches, num_batch_threads; unset ones get defaults).")
  String batching;

  @Mixin KubeDirOption kubeDir;

  @Override
  public Integer call() {
    BigDecimal cpus = NewExperiment.parseVcpu(vcpu);
    Map<String, Long> batchingParameters =
        batching == null ? null : NewExperiment.parseBatching(batching, cpus);
    NewExperiment experiment =
        new NewExperiment(name, cpus, memory, replicas, interOp, batchingParameters);
    Path written = experiment.writeTo(kubeDir.experiments());
    console()
        .info(
            "wrote experiment "
                + experiment.name()
                + "; render it with: tfs-deploy render --experiment "
                + experiment.name()
                + kubeDir.asArgument());
    console().result(written.toString());
    return ExitCode.OK;
  }
}
