package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.gcp.GoogleRegistries;
import dev.tfsdeploy.image.jib.JibExceptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Turns what Jib throws into one-line errors that say which image (base or target) failed, why, and
 * what to do. Jib's messages name the registry and repository they were about, which is how a
 * failure is told to belong to the base or the target.
 */
final class JibFailures {
  private final BaseImage base;
  private final ImageTarget target;
  private final CredentialTrail baseTrail;
  private final CredentialTrail targetTrail;
  private final boolean insecure;

  JibFailures(
      BaseImage base,
      ImageTarget target,
      CredentialTrail baseTrail,
      CredentialTrail targetTrail,
      boolean insecure) {
    this.base = base;
    this.target = target;
    this.baseTrail = baseTrail;
    this.targetTrail = targetTrail;
    this.insecure = insecure;
  }

  /** Without a network, a base from a registry can still come from disk. */
  private static final String OFFLINE =
      "; without a network, pass --base tar:FILE with an image saved by `docker save`";

  UserError explain(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof RegistryUnauthorizedException unauthorized) {
      return unauthorized(unauthorized);
    }
    if (JibExceptions.credentialsNotSent(e)) {
      return new UserError(
          "credentials for " + registryOf(e) + " were not sent: the connection is plain HTTP",
          "use an HTTPS registry; credentials go over plain HTTP only to a registry on this"
              + " machine (127.0.0.1 or localhost) with --insecure-registry",
          e);
    }
    if (e instanceof InsecureRegistryException) {
      return new UserError(
          "registry " + registryOf(e) + " has no valid HTTPS certificate (or speaks plain HTTP)",
          insecure
              ? "check the registry address and that it is running"
              : "for a local test registry pass --insecure-registry; otherwise fix its certificate",
          e);
    }
    if (e instanceof RegistryAuthenticationFailedException authFailed) {
      return new UserError(
          "cannot authenticate with registry " + authFailed.getServerUrl() + ": " + oneLine(e),
          "check the registry's token service and the credentials (" + trailFor(e).describe() + ")",
          e);
    }
    if (JibExceptions.credentialRetrievalFailed(e)) {
      return new UserError(
          "cannot read registry credentials for " + registryOf(e) + ": " + oneLine(e),
          "check the Docker config's credential helper (docker-credential-*) is installed and"
              + " works",
          e);
    }
    if (e instanceof RegistryException) {
      return registryError(e);
    }
    if (e instanceof UnknownHostException) {
      String host = oneLine(e).replaceFirst(":.*", "");
      return new UserError(
          "registry host " + host + " not found (" + images() + ")",
          "check the network and the registry name in " + optionsNaming(host) + offlineAdvice(host),
          e);
    }
    if (e instanceof ConnectException
        || e instanceof NoRouteToHostException
        || e instanceof SocketTimeoutException) {
      String registry = registryOf(e);
      return new UserError(
          "registry " + registry + " is unreachable: " + oneLine(e),
          "check that the registry in "
              + optionsNaming(registry)
              + " is running and reachable from here"
              + offlineAdvice(registry),
          e);
    }
    if (e instanceof CacheDirectoryCreationException) {
      return new UserError(
          "cannot create Jib's base layer cache: " + oneLine(e),
          "make ~/.cache (or $XDG_CACHE_HOME) writable",
          e);
    }
    if (e instanceof IOException && base instanceof BaseImage.Tarball tarball) {
      Optional<BaseTarballCheck.Finding> finding = BaseTarballCheck.check(tarball.path());
      if (finding.isPresent()) {
        return new UserError(
            "base tarball "
                + tarball.path()
                + " is not an image saved by `docker save` (a tar holding "
                + BaseTarballCheck.MANIFEST
                + "): "
                + finding.get().found(),
            finding.get().fix(),
            e);
      }
    }
    if (e instanceof IOException) {
      return new UserError(
          "image build failed: " + oneLine(e),
          base instanceof BaseImage.Tarball tarball
              ? "check that "
                  + tarball.path()
                  + " was written by `docker save`, the model directory and disk space"
              : "check the model directory, disk space and the registries (" + images() + ")",
          e);
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new UserError("image build interrupted", null, e);
    }
    throw new IllegalStateException("unexpected failure from Jib", failure);
  }

  private UserError unauthorized(RegistryUnauthorizedException e) {
    if (base instanceof BaseImage.Registry registryBase && isBase(e.getImageReference())) {
      return new UserError(
          "base image "
              + base.describe()
              + " is not readable: unauthorized ("
              + baseTrail.describe()
              + ")",
          "check that --base exists, or log in to "
              + registryBase.reference().getRegistry()
              + " (docker login, or Google credentials for Artifact Registry)",
          e);
    }
    return new UserError(
        "cannot push to "
            + ImageNames.display(target.repository())
            + ": unauthorized ("
            + targetTrail.describe()
            + ")",
        GoogleRegistries.accepts(target.repository().getRegistry())
            ? googleFix()
            : "log in with 'docker login "
                + target.repository().getRegistry()
                + "' or configure a credential helper in the Docker config",
        e);
  }

  /** Artifact Registry refused: no Google credentials at all, or an identity without the role. */
  private String googleFix() {
    String role = "roles/artifactregistry.writer on the repository";
    return targetTrail.foundAny()
        ? "give the Google identity " + role
        : "provide Google credentials: google-github-actions/auth before this step in a workflow,"
            + " or `gcloud auth application-default login` on a laptop (the identity needs "
            + role
            + ")";
  }

  private UserError registryError(Throwable e) {
    String message = oneLine(e);
    if (isBase(message)) {
      return new UserError(
          "base image " + base.describe() + " cannot be read: " + message,
          "check --base: the image and tag must exist (e.g. tensorflow/serving:2.19.1)",
          e);
    }
    return new UserError(
        "registry error for " + ImageNames.display(target.repository()) + ": " + message,
        "check --image and that the registry accepts pushes",
        e);
  }

  private boolean isBase(String text) {
    if (!(base instanceof BaseImage.Registry registryBase)) {
      return false;
    }
    String baseName =
        registryBase.reference().getRegistry() + "/" + registryBase.reference().getRepository();
    String targetName =
        target.repository().getRegistry() + "/" + target.repository().getRepository();
    return text.contains(baseName) && !(baseName.equals(targetName) || text.contains(targetName));
  }

  private CredentialTrail trailFor(Throwable e) {
    return isBase(oneLine(e)) ? baseTrail : targetTrail;
  }

  /** The registry a message is about, as far as it can be told. */
  private String registryOf(Throwable e) {
    String message = String.valueOf(e.getMessage());
    String targetRegistry = target.repository().getRegistry();
    if (target instanceof ImageTarget.Registry && message.contains(targetRegistry)) {
      return targetRegistry;
    }
    if (!(base instanceof BaseImage.Registry registryBase)) {
      return targetRegistry;
    }
    String baseRegistry = registryBase.reference().getRegistry();
    if (message.contains(baseRegistry)) {
      return baseRegistry;
    }
    return target instanceof ImageTarget.Registry
        ? targetRegistry + " or " + baseRegistry
        : baseRegistry;
  }

  /** The options that name {@code registry} (a host, with its port if any; or "A or B"). */
  private String optionsNaming(String registry) {
    boolean inBase =
        base instanceof BaseImage.Registry registryBase
            && names(registry, registryBase.reference().getRegistry());
    boolean inTarget =
        target instanceof ImageTarget.Registry
            && names(registry, target.repository().getRegistry());
    return inBase && !inTarget ? "--base" : inTarget && !inBase ? "--image" : "--base and --image";
  }

  /**
   * A base saved to disk helps only when the registry that failed is the base's; with {@code --base
   * tar:} already given, the registry is the target and a tarball target is the way round.
   */
  private String offlineAdvice(String registry) {
    if (base instanceof BaseImage.Tarball) {
      return "; the base "
          + base.describe()
          + " needs no registry: without a network, write the image with --to tar:PATH";
    }
    return optionsNaming(registry).equals("--image") ? "" : OFFLINE;
  }

  /** Whether {@code failed} (a registry, "A or B", or a bare host name) names {@code registry}. */
  private static boolean names(String failed, String registry) {
    return failed.contains(registry) || failed.equals(registry.replaceFirst(":\\d+$", ""));
  }

  private String images() {
    return "base "
        + base.describe()
        + (target instanceof ImageTarget.Registry
            ? ", target " + ImageNames.display(target.repository())
            : "");
  }

  private static Throwable unwrap(Throwable e) {
    Throwable current = e;
    while ((current instanceof ExecutionException
            || current instanceof RuntimeException && !(current instanceof UserError))
        && current.getCause() != null
        && current.getCause() != current) {
      current = current.getCause();
    }
    return current;
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ").strip();
  }
}
