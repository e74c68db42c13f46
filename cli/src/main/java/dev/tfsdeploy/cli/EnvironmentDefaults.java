package dev.tfsdeploy.cli;

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
 * too (so an existing workflow's {@code env:} block keeps working). The command line wins, then
 * the {@code TFS_DEPLOY_*} name, then the legacy one.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
  static final String PREFIX = "TFS_DEPLOY_";

  /** Option name to the variables other tools already use for it. */
  static final Map<String, List<String>> LEGACY =
      Map.ofEntries(
          Map.entry("--repo", List.of("MODEL_RELEASE_REPO")),
          Map.entry("--asset", List.of("MODEL_RELEASE_FILE")),
          Map.entry("--model-name", List.of("MODEL_NAME")),
          Map.entry("--base", List.of("BASE_IMAGE_TAG")),
          Map.entry("--experiment", List.of("TARGET_EXPERIMENT")),
          // Then gcloud's override and the client libraries' variable, both of which
          // google-github-actions/auth exports with the project of the key or service account.
          Map.entry("--project", List.of("GCP_PROJECT_ID", "CLOUDSDK_CORE_PROJECT", "GOOGLE_CLOUD_PROJECT")),
          Map.entry("--cluster", List.of("GKE_CLUSTER_NAME")),
          Map.entry("--location", List.of("GKE_ZONE")),
          Map.entry("--deployment", List.of("GKE_DEPLOYMENT_NAME")),
          Map.entry("--token", List.of("GITHUB_TOKEN")),
          Map.entry("--github-api-url", List.of("GITHUB_API_URL")));

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

  static String genericName(String optionName) {
    return PREFIX + optionName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }
}
