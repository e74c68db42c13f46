package dev.tfsdeploy.loadtest;

/** The names under which failed requests are counted. */
public final class ErrorKinds {
  /** No response within the timeout (in open loop, counted from the intended send time). */
  public static final String TIMEOUT = "timeout";

  /** Could not connect: refused, unreachable, no such host. */
  public static final String CONNECT = "connect";

  /** The connection was closed or reset before the response ended. */
  public static final String CONNECTION = "connection";

  /** The answer was not an HTTP/1.x response. */
  public static final String PROTOCOL = "protocol";

  private ErrorKinds() {}

  /** A gRPC call that ended with another status than these, e.g. {@code grpc_NOT_FOUND}. */
  public static String grpc(String statusCode) {
    return "grpc_" + statusCode;
  }

  /** A response with a non-2xx status, e.g. {@code http_404}. */
  public static String http(int status) {
    return "http_" + status;
  }
}
