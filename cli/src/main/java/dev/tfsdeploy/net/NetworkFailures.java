package dev.tfsdeploy.net;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Tells a failure to reach a server apart from the server's answer. */
public final class NetworkFailures {
  private NetworkFailures() {}

  /** True when somewhere in the cause chain a connection could not be made or timed out. */
  public static boolean isUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
