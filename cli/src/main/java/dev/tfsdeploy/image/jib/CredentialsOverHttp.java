package dev.tfsdeploy.image.jib;

import com.google.cloud.tools.jib.global.JibSystemProperties;

/**
 * Jib reads its "send credentials over HTTP" switch from a system property when a build starts, for
 * all registries at once; this sets it for one build and puts the previous value back.
 */
public final class CredentialsOverHttp implements AutoCloseable {
  /** The system property Jib reads. */
  public static final String PROPERTY = JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP;

  private final boolean changed;
  private final String previous;

  private CredentialsOverHttp(boolean allow) {
    this.previous = System.getProperty(PROPERTY);
    this.changed = allow;
    if (allow) {
      System.setProperty(PROPERTY, "true");
    }
  }

  /** Turns the switch on until closed when {@code allow}; otherwise leaves it as it is. */
  public static CredentialsOverHttp allowIf(boolean allow) {
    return new CredentialsOverHttp(allow);
  }

  @Override
  public void close() {
    if (!changed) {
      return;
    }
    if (previous == null) {
      System.clearProperty(PROPERTY);
    } else {
      System.setProperty(PROPERTY, previous);
    }
  }
}
