package dev.tfsdeploy.image.registry;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to reach one registry: its address, the login if any, and what the user allowed.
 *
 * @param registry host and optional port, as in an image reference
 * @param login user name and password (or token), when a credential source had one
 * @param insecure plain HTTP (after HTTPS failed) is allowed
 * @param credentialsOverHttp credentials may go over plain HTTP (only for registries on this
 *     machine)
 * @param secrets told every token the registry hands out, before it is used, to be masked
 */
public record RegistryAccess(
    String registry,
    Optional<Login> login,
    boolean insecure,
    boolean credentialsOverHttp,
    Consumer<String> secrets) {

  /** A user name and the password or token that goes with it. */
  public record Login(String username, String password) {
    @Override
    public String toString() {
      return "Login[" + username + ", ****]";
    }
  }
}
