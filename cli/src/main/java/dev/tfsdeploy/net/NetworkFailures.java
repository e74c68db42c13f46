package dev.tfsdeploy.net;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;

/** Tells a failure to reach a server apart from the server's answer. */
public final class NetworkFailures {
  private NetworkFailures() {}

  /** True when somewhere in the cause chain a connection could not be made or timed out. */
  public static boolean isUnreachable(Throwable failure) {
    return causedBy(
        failure,
        ConnectException.class,
        UnknownHostException.class,
        NoRouteToHostException.class,
        SocketTimeoutException.class);
  }

  /**
   * True when somewhere in the cause chain a host name did not resolve. Unlike a refused connection
   * or a 503, that is not worth retrying: with no network (or no such name) the next lookup fails
   * the same way, so the caller says so at once instead of backing off for a minute.
   */
  public static boolean isUnresolvedHost(Throwable failure) {
    return causedBy(failure, UnknownHostException.class);
  }

  /** Whether {@code failure} or one of its causes is one of {@code types}. */
  @SafeVarargs
  private static boolean causedBy(Throwable failure, Class<? extends Throwable>... types) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The lookup failure of {@code host} (a name or a literal address, without port), or empty when
   * it resolves. Asked before a client that would retry an unknown host like any other failure
   * (Jib's) is started. Skipped (empty) when the JVM is told to use a proxy, which resolves names
   * that this machine may not.
   */
  public static Optional<UnknownHostException> lookupFailure(String host) {
    if (System.getProperty("https.proxyHost") != null
        || System.getProperty("http.proxyHost") != null) {
      return Optional.empty();
    }
    try {
      InetAddress.getAllByName(host);
      return Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.of(e);
    }
  }

  /** The host of {@code authority} ({@code host}, {@code host:port} or {@code [v6]:port}). */
  public static String hostOf(String authority) {
    return authority.replaceFirst(":\\d+$", "").replaceAll("^\\[|]$", "");
  }
}
