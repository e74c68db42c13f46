package dev.tfsdeploy.canary;

import dev.tfsdeploy.UserError;
import java.util.Optional;

/**
 * The Gateway an HTTPRoute attaches to: {@code NAME} in the route's namespace, or {@code
 * NAMESPACE/NAME} (a shared Gateway, as GKE's multi-tenant setups have).
 */
public record GatewayRef(String name, Optional<String> namespace) {
  public static GatewayRef parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length > 2 || parts[parts.length - 1].isBlank() || parts[0].isBlank()) {
      throw new UserError(
          "--gateway " + text + " does not name a Gateway",
          "pass NAME or NAMESPACE/NAME of a Gateway (kubectl get gateways -A)");
    }
    return parts.length == 1
        ? new GatewayRef(parts[0], Optional.empty())
        : new GatewayRef(parts[1], Optional.of(parts[0]));
  }

  @Override
  public String toString() {
    return namespace.map(ns -> ns + "/").orElse("") + name;
  }
}
