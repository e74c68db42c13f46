package dev.tfsdeploy.image.registry;

import java.io.IOException;

/** A registry answered, but not as the Distribution API says it should for the request. */
public final class RegistryResponseException extends IOException {
  private final int status;

  RegistryResponseException(String request, int status) {
    super(request + " answered HTTP " + status);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
