package dev.tfsdeploy.overlay;

/**
 * A container image reference split the way kustomize splits it: name (with registry), tag and
 * digest. Also parses a user's {@code --image} value.
 */
public record ImageReference(String name, String tag, String digest) {
  /** kustomize's image.Split: a ':' before the first '/' is a registry port, not a tag. */
  public static ImageReference parse(String image) {
    int slash = image.indexOf('/');
    int offset = slash > 0 ? slash : 0;
    String search = image.substring(offset);
    int at = search.indexOf('@');
    int colon = search.indexOf(':');
    if (colon < 0 && at < 0) {
      return new ImageReference(image, "", "");
    }
    if (at >= 0 && (at < colon || colon < 0)) {
      return new ImageReference(
          image.substring(0, at + offset), "", image.substring(at + offset + 1));
    }
    if (at >= 0) {
      return new ImageReference(
          image.substring(0, colon + offset),
          image.substring(colon + offset + 1, at + offset),
          image.substring(at + offset + 1));
    }
    return new ImageReference(
        image.substring(0, colon + offset), image.substring(colon + offset + 1), "");
  }

  /** kustomize's images rule: a new tag or digest replaces both the old tag and digest. */
  ImageReference withOverrides(String newName, String newTag, String newDigest) {
    String n = newName == null || newName.isEmpty() ? name : newName;
    boolean hasTag = newTag != null && !newTag.isEmpty();
    boolean hasDigest = newDigest != null && !newDigest.isEmpty();
    if (hasTag || hasDigest) {
      return new ImageReference(n, hasTag ? newTag : "", hasDigest ? newDigest : "");
    }
    return new ImageReference(n, tag, digest);
  }

  @Override
  public String toString() {
    return name + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
  }
}
