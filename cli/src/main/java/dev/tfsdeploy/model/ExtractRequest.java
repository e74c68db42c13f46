package dev.tfsdeploy.model;

import java.nio.file.Path;

/**
 * What to extract and where: the model lands in {@code outDir/modelName/<version>/}.
 *
 * @param archive a tar, tar.gz or zip file
 * @param modelName the model's name in TF Serving, also its directory name
 * @param outDir the directory that receives the model directory
 * @param stripComponents leading path components to drop from every entry; null strips a single
 *     top-level directory automatically
 * @param rootVersion the version a {@code saved_model.pb} at the archive's (stripped) root becomes;
 *     null for {@link #DEFAULT_ROOT_VERSION}. Given for an archive of version directories, it is
 *     ignored with a warning.
 * @param limits how much the archive may unpack to
 */
public record ExtractRequest(
    Path archive,
    String modelName,
    Path outDir,
    Integer stripComponents,
    String rootVersion,
    ArchiveLimits limits) {
  public static final String DEFAULT_ROOT_VERSION = "1";

  /** The version a top-level {@code saved_model.pb} becomes. */
  public String rootVersionOrDefault() {
    return rootVersion == null ? DEFAULT_ROOT_VERSION : rootVersion;
  }
}
