package dev.tfsdeploy.cli;

import dev.tfsdeploy.experiments.Experiments;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --kube-dir} (a picocli mixin): where the experiments are, {@code .kube} by default. */
final class KubeDirOption {
  @Option(
      names = "--kube-dir",
      paramLabel = "DIR",
      description =
          "Holds base/, components/ and experiments/ (default: "
              + Experiments.DEFAULT_KUBE_DIR_NAME
              + ").")
  Path kubeDir;

  /** The experiments of {@code --kube-dir}, or of the default directory. */
  Experiments experiments() {
    return Experiments.in(kubeDir);
  }

  /** {@code KUBE_DIR/experiments/NAME}; an unknown name lists the valid ones. */
  Path experimentDirectory(String name) {
    return experiments().directory(name);
  }

  /** The option as the user gave it, for a hint repeating the command; empty when not given. */
  String asArgument() {
    return kubeDir == null ? "" : " --kube-dir " + kubeDir;
  }
}
