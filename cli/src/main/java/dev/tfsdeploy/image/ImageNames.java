package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.ModelName;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads the image names and tags users write, with one-line errors for the ones that are wrong. */
public final class ImageNames {
  /** TF Serving's model name becomes a path component and an environment value. */
  private static final Pattern NOT_TAG_CHARACTER = Pattern.compile("[^A-Za-z0-9_.-]");

  static final String MODEL_TAG_PREFIX = "model-";
  static final int MODEL_TAG_HEX_DIGITS = 12;
  private static final String TAR_PREFIX = "tar:";

  private ImageNames() {}

  /** A repository to push to: a name without tag or digest (tags come from --image-tag). */
  public static ImageReference repository(String image) {
    String lastComponent = image.substring(image.lastIndexOf('/') + 1);
    if (lastComponent.contains(":") || lastComponent.contains("@")) {
      throw new UserError(
          "--image '" + image + "' has a tag or digest",
          "pass the repository alone (e.g. us-docker.pkg.dev/PROJECT/REPO/NAME) and tags with"
              + " --image-tag");
    }
    ImageReference reference = parse(image, "--image");
    return ImageReference.of(reference.getRegistry(), reference.getRepository(), null);
  }

  /** The base image: any reference, by tag or (best) by digest. */
  public static ImageReference base(String image) {
    return parse(image, "--base");
  }

  /**
   * {@code --base}: a registry reference, or {@code tar:FILE} for an image saved with {@code docker
   * save}.
   */
  public static BaseImage baseImage(String base) {
    if (!base.startsWith(TAR_PREFIX)) {
      if (isFile(base)) {
        throw new UserError(
            "--base " + base + " is a file on disk, not an image in a registry",
            "did you mean --base " + TAR_PREFIX + base + "? (an image saved by `docker save`)");
      }
      return new BaseImage.Registry(base(base));
    }
    Path file = Path.of(base.substring(TAR_PREFIX.length()));
    if (!Files.isRegularFile(file)) {
      throw new UserError("--base " + base + ": " + file + " is not a file", BaseImage.SAVE_ADVICE);
    }
    return new BaseImage.Tarball(file);
  }

  /** Whether {@code name} names an existing file (an image reference never should). */
  private static boolean isFile(String name) {
    try {
      return Files.isRegularFile(Path.of(name));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** An explicit --image-tag: must already be a valid tag. */
  public static String tag(String tag) {
    if (!ImageReference.isValidTag(tag)) {
      throw new UserError(
          "--image-tag '" + tag + "' is not a valid image tag",
          "a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'");
    }
    return tag;
  }

  /** A release tag made into an image tag: characters a tag cannot hold become '-'. */
  public static String fromReleaseTag(String releaseTag) {
    String tag = NOT_TAG_CHARACTER.matcher(releaseTag).replaceAll("-").replaceFirst("^[.-]+", "");
    tag = tag.length() > 128 ? tag.substring(0, 128) : tag;
    if (tag.isEmpty()) {
      throw new UserError(
          "release tag '" + releaseTag + "' cannot be made into an image tag",
          "pass image tags explicitly with --image-tag");
    }
    return tag;
  }

  /** The tag that names the model's content: {@code model-} and the first hex digits. */
  static String modelTag(String modelDigestHex) {
    return MODEL_TAG_PREFIX
        + modelDigestHex.substring(0, MODEL_TAG_HEX_DIGITS).toLowerCase(Locale.ROOT);
  }

  public static String modelName(String name) {
    return ModelName.require(name, "--model-name");
  }

  /** How a repository is written back to the user: as they would type it. */
  /** Where the image holds model {@code name}: the base path TF Serving reads it from. */
  public static String modelBasePath(String name) {
    return ModelLayers.MODELS.resolve(name).toString();
  }

  public static String display(ImageReference repository) {
    return ImageReference.of(repository.getRegistry(), repository.getRepository(), null).toString();
  }

  /** Any reference {@code option} gave, by tag or digest; an invalid one is a one-line error. */
  public static ImageReference parse(String image, String option) {
    try {
      return ImageReference.parse(image);
    } catch (InvalidImageReferenceException e) {
      throw new UserError(
          option + " '" + image + "' is not a valid image reference",
          "write it as REGISTRY/REPOSITORY[:TAG], e.g. us-docker.pkg.dev/my-project/models/serving",
          e);
    }
  }
}
