package dev.tfsdeploy.image;

import dev.tfsdeploy.net.NetworkFailures;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks made of a build's registries before Jib starts, because Jib would retry either mistake for
 * about a minute before failing: a host name that does not resolve, and a local plain-HTTP registry
 * without {@code --insecure-registry}.
 */
final class RegistryPreflight {
  private RegistryPreflight() {}

  /** A registry whose host name does not resolve (no network, or a misspelt name) is reported. */
  static void requireResolvable(BaseImage base, ImageTarget target, boolean insecureRegistry) {
    for (String registry : registries(base, target)) {
      Optional<UnknownHostException> unknown =
          NetworkFailures.lookupFailure(NetworkFailures.hostOf(registry));
      if (unknown.isPresent()) {
        throw new JibFailures(
                base, target, new CredentialTrail(), new CredentialTrail(), insecureRegistry)
            .explain(unknown.get());
      }
    }
  }

  /** See {@link PlainHttpRegistryCheck}. */
  static void requireHttpsUnlessAllowed(
      BaseImage base, ImageTarget target, boolean insecureRegistry) {
    for (String registry : registries(base, target)) {
      PlainHttpRegistryCheck.requireHttpsUnlessAllowed(registry, insecureRegistry);
    }
  }

  private static List<String> registries(BaseImage base, ImageTarget target) {
    List<String> registries = new ArrayList<>();
    if (base instanceof BaseImage.Registry registry) {
      registries.add(registry.reference().getRegistry());
    }
    if (target instanceof ImageTarget.Registry registry) {
      registries.add(registry.repository().getRegistry());
    }
    return registries;
  }
}
