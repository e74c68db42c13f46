package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.ImageReference;
import java.nio.file.Path;

/**
 * The load workers' image to build.
 *
 * @param base a JRE image (java on its PATH)
 * @param jar this CLI's executable jar
 * @param target where to push it: a repository and tag
 * @param insecureRegistry whether plain HTTP may be used (a local test registry)
 */
public record WorkerImageRequest(
    ImageReference base, Path jar, ImageReference target, boolean insecureRegistry) {
  /**
   * The default base: Eclipse Temurin's JRE 17, the release the CLI is built for, pinned to one
   * image index (multi-arch) so that the same jar always gives the same workers. The tag says which
   * line it is; the digest is what is pulled. Move it with the JRE's security releases.
   */
  public static final String DEFAULT_BASE =
      "eclipse-temurin:17-jre@sha256:13cc28a6cc72a38ce1f00c906be3580c1a3e604b8984d694f369a96742abc93b";

  /** Where the jar lies in the image, and how it is started. */
  static final String JAR_PATH = "/app/tfs-deploy.jar";

  /** The workers' image's tag when none is given: the CLI's version, as an image tag. */
  public static String defaultTag(String toolVersion) {
    return ImageNames.fromReleaseTag(toolVersion);
  }

  /** The repository next to {@code modelImage}'s: the same registry path, named for the workers. */
  public static ImageReference besideModelImage(ImageReference modelImage, String tag) {
    String repository = modelImage.getRepository();
    int slash = repository.lastIndexOf('/');
    String sibling = (slash < 0 ? "" : repository.substring(0, slash + 1)) + "tfs-deploy-worker";
    return ImageReference.of(modelImage.getRegistry(), sibling, tag);
  }
}
