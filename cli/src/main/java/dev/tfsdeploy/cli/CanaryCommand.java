package dev.tfsdeploy.cli;

import dev.tfsdeploy.canary.CanaryStatus;
import dev.tfsdeploy.pipeline.CanaryDeploy;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code tfs-deploy canary status|promote|abort}: a canary decided by hand, or after a crash. */
@Command(
    name = "canary",
    header = "Show, promote or abort the canary deploy --strategy canary started.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "A canary's state lives on its Deployment (<deployment>-canary) in the cluster, so these",
      "commands also finish a canary whose deploy was interrupted, and a workflow can pause for",
      "approval between `deploy --strategy canary --canary-decision manual` and them."
    },
    subcommands = {
      CanaryCommand.Status.class,
      CanaryCommand.Promote.class,
      CanaryCommand.Abort.class
    })
final class CanaryCommand extends StepCommand {
  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "missing subcommand: canary status, canary promote or canary abort");
  }

  /** Options every subcommand takes. */
  static final class Target {
    @Mixin KubernetesTarget cluster;

    @Option(
        names = "--deployment",
        paramLabel = "NAME",
        description =
            "The stable TF Serving Deployment (env GKE_DEPLOYMENT_NAME; default: the only one"
                + " with a canary).")
    String deployment;

    Optional<String> deployment() {
      return Optional.ofNullable(deployment).filter(s -> !s.isBlank());
    }
  }

  @Command(
      name = "status",
      header = "What the canary runs, its share, its readiness and its last verdict.",
      usageHelpAutoWidth = true)
  static final class Status extends StepCommand {
    @Mixin Target target;

    @Override
    public Integer call() {
      Optional<CanaryStatus> status =
          new CanaryDeploy(context(), target.cluster.toConnection()).status(target.deployment());
      if (status.isEmpty()) {
        console().result("no canary in progress");
        outputs().set("canary", "none");
        return ExitCode.OK;
      }
      CanaryStatus canary = status.get();
      console()
          .result(
              String.join(
                  "\n",
                  "deployment: " + canary.stable(),
                  "mode:       " + canary.mode().optionValue(),
                  "share:      " + canary.percent() + "%",
                  "canary:     " + canary.canaryImage() + " (" + canary.canaryReady() + " ready)",
                  "stable:     " + canary.stableImage(),
                  "verdict:    " + canary.verdict().orElse("(not analysed yet)"),
                  "next:       tfs-deploy canary promote, or tfs-deploy canary abort"));
      outputs().set("canary", "running");
      return ExitCode.OK;
    }
  }

  @Command(
      name = "promote",
      header = "The stable Deployment takes the canary's version; the canary goes.",
      usageHelpAutoWidth = true)
  static final class Promote extends StepCommand {
    @Mixin Target target;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        defaultValue = "10m",
        converter = DurationConverter.class,
        description = "Longest wait for stable's rollout (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
      new CanaryDeploy(context(), target.cluster.toConnection())
          .promote(target.deployment(), timeout);
      return ExitCode.OK;
    }
  }

  @Command(
      name = "abort",
      header = "The canary goes; stable, never changed, gets its replicas back.",
      usageHelpAutoWidth = true)
  static final class Abort extends StepCommand {
    @Mixin Target target;

    @Override
    public Integer call() {
      new CanaryDeploy(context(), target.cluster.toConnection()).abort(target.deployment());
      return ExitCode.OK;
    }
  }
}
