package dev.tfsdeploy.release;

import dev.tfsdeploy.UserError;
import java.util.regex.Pattern;

/** A GitHub repository as {@code owner/name}, validated once where it enters the program. */
public record RepositoryName(String owner, String name) {
  // GitHub owners: letters, digits, hyphens; repository names add dots and underscores.
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  public RepositoryName {
    if (!OWNER.matcher(owner).matches() || !NAME.matcher(name).matches() || name.matches("\\.+")) {
      throw invalid(owner + "/" + name);
    }
  }

  /**
   * Parses {@code owner/name}; a trailing {@code .git} is tolerated because people paste clone
   * URLs' tails.
   */
  public static RepositoryName parse(String text) {
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    if (slash <= 0 || slash != trimmed.lastIndexOf('/')) {
      throw invalid(trimmed);
    }
    String name = trimmed.substring(slash + 1);
    if (name.endsWith(".git")) {
      name = name.substring(0, name.length() - ".git".length());
    }
    return new RepositoryName(trimmed.substring(0, slash), name);
  }

  private static UserError invalid(String text) {
    return new UserError(
        "'" + text + "' is not a GitHub repository name",
        "give --repo (or MODEL_RELEASE_REPO) as owner/name, e.g. tensorflow/serving");
  }

  @Override
  public String toString() {
    return owner + "/" + name;
  }
}
