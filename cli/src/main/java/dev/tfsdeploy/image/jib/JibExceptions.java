package dev.tfsdeploy.image.jib;

import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;

/** Failures Jib throws with types from its internal packages. */
public final class JibExceptions {
  private JibExceptions() {}

  /** Whether Jib refused to send credentials because the connection was plain HTTP. */
  public static boolean credentialsNotSent(Throwable e) {
    return e instanceof RegistryCredentialsNotSentException;
  }

  /** Whether reading credentials failed (a Docker credential helper, say). */
  public static boolean credentialRetrievalFailed(Throwable e) {
    return e instanceof CredentialRetrievalException;
  }
}
