package dev.tfsdeploy.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lets every option come from the environment: {@code --release-tag} from {@code
 * TFS_DEPLOY_RELEASE_TAG}, and, where the predecessor workflow had a name for it, from that name
 * too (so an existing workflow's {@code env:} block keeps working). The command line wins, then the
 * {@code TFS_DEPLOY_*} name, then the legacy one.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
  static final String PREFIX = "TFS_DEPLOY_";

  /**
   * Option name to the variables other tools already use for it, in the order help and
   * docs/cli-conventions.md list them; the one table the help footer, error messages and the docs'
   * legend come from.
   */
  static final Map<String, List<String>> LEGACY =
      ordered(
          "--repo", List.of("MODEL_RELEASE_REPO"),
          "--asset", List.of("MODEL_RELEASE_FILE"),
          "--model-name", List.of("MODEL_NAME"),
          "--base", List.of("BASE_IMAGE_TAG"),
          "--experiment", List.of("TARGET_EXPERIMENT"),
          // Then gcloud's override and the client libraries' variable, both of which
          // google-github-actions/auth exports with the project of the key or service account.
          "--project", List.of("GCP_PROJECT_ID", "CLOUDSDK_CORE_PROJECT", "GOOGLE_CLOUD_PROJECT"),
          "--cluster", List.of("GKE_CLUSTER_NAME"),
          "--location", List.of("GKE_ZONE"),
          "--deployment", List.of("GKE_DEPLOYMENT_NAME"),
          "--token", List.of("GITHUB_TOKEN"),
          "--github-api-url", List.of("GITHUB_API_URL"),
          // Kubernetes sets it in each pod of an Indexed Job: a load worker's index.
          "--worker-index", List.of("JOB_COMPLETION_INDEX"));

  private final Map<String, String> env;

  public EnvironmentDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || option.longestName().length() < 3) {
      return null;
    }
    return variablesFor(option.longestName())
        .map(env::get)
        .filter(value -> value != null && !value.isEmpty())
        .findFirst()
        .orElse(null);
  }

  /** The variables an option reads, in order of precedence. */
  public static Stream<String> variablesFor(String optionName) {
    return Stream.concat(
        Stream.of(genericName(optionName)), LEGACY.getOrDefault(optionName, List.of()).stream());
  }

  /** How to tell the user where an option can come from: "--repo (or MODEL_RELEASE_REPO)". */
  public static String describe(String optionName) {
    return optionName + " (or " + String.join(" or ", variablesFor(optionName).toList()) + ")";
  }

  /**
   * The help footer's legend: "Legacy variables: MODEL_RELEASE_REPO (--repo), ...", wrapped at
   * {@code width}.
   */
  static List<String> legend(int width) {
    List<String> words = new ArrayList<>(List.of("Legacy", "variables:"));
    List<Map.Entry<String, List<String>>> entries = List.copyOf(LEGACY.entrySet());
    for (int i = 0; i < entries.size(); i++) {
      Map.Entry<String, List<String>> entry = entries.get(i);
      List<String> names = entry.getValue();
      for (int j = 0; j < names.size(); j++) {
        boolean lastName = j == names.size() - 1;
        words.add(names.get(j) + (lastName ? "" : ","));
      }
      words.add("(" + entry.getKey() + ")" + (i == entries.size() - 1 ? "." : ","));
    }
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() == 0 ? "" : " ").append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  private static Map<String, List<String>> ordered(Object... optionThenVariables) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < optionThenVariables.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> variables = (List<String>) optionThenVariables[i + 1];
      map.put((String) optionThenVariables[i], variables);
    }
    return Collections.unmodifiableMap(map);
  }

  static String genericName(String optionName) {
    return PREFIX + optionName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }
}
