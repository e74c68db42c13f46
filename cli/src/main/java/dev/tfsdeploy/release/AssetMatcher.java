package dev.tfsdeploy.release;

import dev.tfsdeploy.UserError;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

/**
 * Picks the one asset of a release that {@code --asset} names: an exact file name, or a glob
 * ({@code model-*.tar.gz}) when the text holds glob characters. Exactly one asset must match.
 */
public final class AssetMatcher {
  private static final String GLOB_CHARACTERS = "*?[{";

  private final String pattern;
  private final Predicate<String> matches;

  private AssetMatcher(String pattern, Predicate<String> matches) {
    this.pattern = pattern;
    this.matches = matches;
  }

  public static AssetMatcher of(String pattern) {
    if (pattern.chars().noneMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0)) {
      return new AssetMatcher(pattern, pattern::equals);
    }
    try {
      // The JDK's glob syntax; asset names never hold '/', so '*' and '**' mean the same here.
      PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      return new AssetMatcher(pattern, name -> glob.matches(Path.of(name)));
    } catch (PatternSyntaxException e) {
      throw new UserError(
          "--asset '" + pattern + "' is not a valid glob: " + e.getDescription(),
          "give an exact asset name or a glob like 'model-*.tar.gz'");
    }
  }

  /** The single matching asset of the release; otherwise an error listing what there is. */
  public ReleaseAsset select(Release release, RepositoryName repo) {
    List<ReleaseAsset> found =
        release.assets().stream().filter(asset -> matches.test(asset.name())).toList();
    String where = "release " + release.tagName() + " of " + repo;
    if (found.isEmpty()) {
      throw new UserError(
          where + " has no asset matching '" + pattern + "'",
          release.assets().isEmpty()
              ? "the release has no assets; upload the model archive to it"
              : "set --asset (or MODEL_RELEASE_FILE) to one of its assets: "
                  + String.join(", ", release.assetNames()));
    }
    if (found.size() > 1) {
      throw new UserError(
          "--asset '"
              + pattern
              + "' matches "
              + found.size()
              + " assets of "
              + where
              + ": "
              + String.join(", ", found.stream().map(ReleaseAsset::name).toList()),
          "make --asset match exactly one asset (give its full name)");
    }
    return found.get(0);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
