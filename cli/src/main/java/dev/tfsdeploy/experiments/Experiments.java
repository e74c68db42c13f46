package dev.tfsdeploy.experiments;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.Kustomization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The experiments of a kube directory: {@code DIR/experiments/NAME/} overlays over {@code
 * DIR/base}.
 */
public final class Experiments {
  /** The annotation every experiment overlay puts on its objects: the experiment's name. */
  public static final String ANNOTATION = "tfs-deploy.dev/experiment";

  /**
   * Where the experiments live when {@code --kube-dir} is not given: the repository's {@code
   * .kube}.
   */
  public static final String DEFAULT_KUBE_DIR_NAME = ".kube";

  public static final Path DEFAULT_KUBE_DIR = Path.of(DEFAULT_KUBE_DIR_NAME);

  private final Path kubeDir;

  public Experiments(Path kubeDir) {
    this.kubeDir = kubeDir;
  }

  /** The experiments of {@code kubeDir}, or of {@link #DEFAULT_KUBE_DIR} when it is null. */
  public static Experiments in(Path kubeDir) {
    return new Experiments(kubeDir == null ? DEFAULT_KUBE_DIR : kubeDir);
  }

  public Path kubeDir() {
    return kubeDir;
  }

  public Path experimentsDir() {
    return kubeDir.resolve("experiments");
  }

  /** The experiment names, sorted. */
  public List<String> names() {
    Path dir = experimentsDir();
    if (!Files.isDirectory(dir)) {
      throw new UserError(
          "no experiments directory at " + dir,
          "run from the repository root or pass --kube-dir (the directory holding base/ and"
              + " experiments/)");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(Kustomization::isIn)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UserError(
          "cannot list " + dir + ": " + e.getMessage(), "check the directory's permissions");
    }
  }

  /**
   * The overlay directory of an experiment; an unknown name lists the valid ones and the closest.
   */
  public Path directory(String name) {
    List<String> names = names();
    if (names.contains(name)) {
      return experimentsDir().resolve(name);
    }
    // Suggest only a near miss (a typo), not whatever name happens to be least far.
    String closest =
        names.stream()
            .min(
                Comparator.comparingInt(
                    n -> distance(n.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))))
            .filter(
                n ->
                    distance(n.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))
                        <= Math.max(3, name.length() / 3))
            .orElse(null);
    throw new UserError(
        "unknown experiment '"
            + name
            + "'"
            + (closest == null ? "" : "; did you mean '" + closest + "'?"),
        "valid experiments: " + String.join(", ", names));
  }

  /** Levenshtein distance, for suggesting the closest experiment name. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
