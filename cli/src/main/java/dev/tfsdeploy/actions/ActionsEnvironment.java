package dev.tfsdeploy.actions;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the GitHub Actions runner tells a step through its environment.
 *
 * <p>Built from a map so tests can describe a runner without touching the real environment.
 */
public final class ActionsEnvironment {
  private final Map<String, String> env;

  public ActionsEnvironment(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static ActionsEnvironment fromSystem() {
    return new ActionsEnvironment(System.getenv());
  }

  /** True when running as a step of a GitHub Actions job. */
  public boolean isActions() {
    return "true".equalsIgnoreCase(env.get("GITHUB_ACTIONS"));
  }

  /** True in any CI (Actions sets CI=true too): no interactive progress bars there. */
  public boolean isCi() {
    return isActions() || "true".equalsIgnoreCase(env.get("CI"));
  }

  public Optional<Path> outputFile() {
    return path("GITHUB_OUTPUT");
  }

  public Optional<Path> envFile() {
    return path("GITHUB_ENV");
  }

  public Optional<Path> summaryFile() {
    return path("GITHUB_STEP_SUMMARY");
  }

  public Optional<String> get(String name) {
    String value = env.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** The URL of the current workflow run, for provenance. */
  public Optional<String> runUrl() {
    Optional<String> server = get("GITHUB_SERVER_URL");
    Optional<String> repo = get("GITHUB_REPOSITORY");
    Optional<String> runId = get("GITHUB_RUN_ID");
    if (server.isEmpty() || repo.isEmpty() || runId.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(server.get() + "/" + repo.get() + "/actions/runs/" + runId.get());
  }

  private Optional<Path> path(String name) {
    return isActions() ? get(name).map(Path::of) : Optional.empty();
  }
}
