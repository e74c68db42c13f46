package dev.tfsdeploy.overlay;

/** Identity of a resource the way kustomize keys it: group, version, kind, name, namespace. */
record ResId(String group, String version, String kind, String name, String namespace) {
  static ResId of(String apiVersion, String kind, String name, String namespace) {
    String group = "";
    String version = apiVersion == null ? "" : apiVersion;
    int slash = version.indexOf('/');
    if (slash >= 0) {
      group = version.substring(0, slash);
      version = version.substring(slash + 1);
    }
    return new ResId(
        group,
        version,
        kind == null ? "" : kind,
        name == null ? "" : name,
        namespace == null ? "" : namespace);
  }

  /** The namespace kustomize assumes for a namespaced object that names none. */
  String effectiveNamespace() {
    return namespace.isEmpty() && !Kinds.isClusterScoped(this) ? "default" : namespace;
  }

  /**
   * kustomize's IsSelectedBy (replacements): each field the selector sets must be equal, not a
   * pattern; an empty namespace counts as "default", even a Namespace object's (kubectl kustomize
   * does so there).
   */
  boolean selectedBy(ResId selector) {
    return (selector.name.isEmpty() || selector.name.equals(name))
        && (selector.namespace.isEmpty()
            || selector.namespaceOrDefault().equals(namespaceOrDefault()))
        && (selector.group.isEmpty() || selector.group.equals(group))
        && (selector.version.isEmpty() || selector.version.equals(version))
        && (selector.kind.isEmpty() || selector.kind.equals(kind));
  }

  private String namespaceOrDefault() {
    return namespace.isEmpty() ? "default" : namespace;
  }

  /**
   * kustomize's ResId.Equals: the same group, version, kind and name in the same effective
   * namespace. An id that leaves out its apiVersion matches only ids without one.
   */
  boolean sameAs(ResId other) {
    return sameGvk(other)
        && name.equals(other.name)
        && effectiveNamespace().equals(other.effectiveNamespace());
  }

  boolean sameGvk(ResId other) {
    return group.equals(other.group) && version.equals(other.version) && kind.equals(other.kind);
  }

  /** kustomize's GVK string, used to order kinds it has no rank for. */
  String gvkString() {
    return (group.isEmpty() ? "~G" : group)
        + "_"
        + (version.isEmpty() ? "~V" : version)
        + "_"
        + (kind.isEmpty() ? "~K" : kind);
  }

  /** The id with its apiVersion, for messages about matching where the version counts. */
  String withApiVersion() {
    String apiVersion = group.isEmpty() ? version : group + "/" + version;
    return (apiVersion.isEmpty() ? "(no apiVersion) " : apiVersion + " ") + this;
  }

  @Override
  public String toString() {
    return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
  }
}
