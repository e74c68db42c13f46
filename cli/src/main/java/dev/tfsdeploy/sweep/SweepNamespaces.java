package dev.tfsdeploy.sweep;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.AppLabels;
import dev.tfsdeploy.experiments.Experiments;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The namespaces of a sweep, one per experiment: their names (the one rule for them), and their
 * creation and deletion. Only a namespace this sweep created is ever deleted; one that still exists
 * when the sweep ends (an interrupted sweep's) is deleted by {@link #deleteAll}, which a shutdown
 * hook also runs.
 */
public final class SweepNamespaces {
  /** The label naming the sweep that created a namespace. */
  public static final String SWEEP_LABEL = "tfs-deploy.dev/sweep";

  /** A namespace name's longest form (DNS-1123 label). */
  static final int MAX_LENGTH = 63;

  private final KubernetesClient client;
  private final String sweepId;
  private final Set<String> live = new LinkedHashSet<>();
  private boolean closed;

  public SweepNamespaces(KubernetesClient client, String sweepId) {
    this.client = client;
    this.sweepId = sweepId;
  }

  /**
   * {@code <prefix>-<experiment>} as a DNS-1123 label: lower case, every run of other characters
   * (the {@code +} and {@code _} of experiment names) one {@code -}; a name longer than 63
   * characters is cut and ends in a hash of the experiment's name, so it stays unique.
   */
  public static String name(String prefix, String experiment) {
    String name = sanitise(prefix + "-" + experiment);
    if (name.length() <= MAX_LENGTH) {
      return name;
    }
    String hash = hash(experiment);
    return sanitise(name.substring(0, MAX_LENGTH - hash.length() - 1)) + "-" + hash;
  }

  /** Checks a prefix: a DNS-1123 label start that leaves room for the experiment. */
  public static String checkPrefix(String prefix) {
    if (prefix == null || !prefix.matches("[a-z]([-a-z0-9]{0,29}[a-z0-9])?")) {
      throw new UserError(
          "--namespace-prefix '" + prefix + "' cannot start a namespace name",
          "pass lower-case letters, digits and '-', starting with a letter, at most 31 characters");
    }
    return prefix;
  }

  private static String sanitise(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Creates {@code namespace} for {@code experiment}, labelled as this sweep's; refuses one that
   * exists (another sweep's, or a kept one) and any once {@link #deleteAll} has begun.
   */
  public void create(String namespace, String experiment) {
    synchronized (this) {
      if (closed) {
        throw new UserError("the sweep is ending", "run the sweep again");
      }
      live.add(namespace);
    }
    try {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(namespace)
                  .withLabels(Map.of(AppLabels.MANAGED_BY, AppLabels.TOOL, SWEEP_LABEL, sweepId))
                  .withAnnotations(Map.of(Experiments.ANNOTATION, experiment))
                  .endMetadata()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      synchronized (this) {
        live.remove(namespace);
      }
      if (e.getCode() == 409) {
        throw new UserError(
            "namespace " + namespace + " already exists (a kept or running sweep's?)",
            "delete it (kubectl delete namespace " + namespace + ") or pass --namespace-prefix");
      }
      throw new UserError(
          "cannot create namespace " + namespace + ": " + e.getMessage(),
          "check that the credentials may create namespaces");
    }
  }

  /** Deletes a namespace this sweep created; true when there was one to delete. */
  public boolean delete(String namespace) {
    synchronized (this) {
      if (!live.contains(namespace)) {
        return false;
      }
    }
    // Forgotten only once deleted: a delete that fails (an interrupted thread's) is retried by
    // deleteAll.
    client.namespaces().withName(namespace).delete();
    synchronized (this) {
      live.remove(namespace);
    }
    return true;
  }

  /** Forgets a namespace without deleting it (--keep). */
  public synchronized void keep(String namespace) {
    live.remove(namespace);
  }

  /**
   * Deletes every namespace still live and refuses new ones; returns those deleted, and tells
   * {@code warnings} of any it could not delete.
   */
  public Set<String> deleteAll(java.util.function.Consumer<String> warnings) {
    Set<String> left;
    synchronized (this) {
      closed = true;
      left = new LinkedHashSet<>(live);
    }
    Set<String> deleted = new LinkedHashSet<>();
    for (String namespace : left) {
      try {
        if (delete(namespace)) {
          deleted.add(namespace);
        }
      } catch (KubernetesClientException e) {
        warnings.accept(
            "could not delete namespace "
                + namespace
                + ": "
                + e.getMessage()
                + " (kubectl delete namespace "
                + namespace
                + ")");
      }
    }
    return deleted;
  }
}
