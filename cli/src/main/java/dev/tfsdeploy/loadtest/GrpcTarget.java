package dev.tfsdeploy.loadtest;

import dev.tfsdeploy.UserError;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where gRPC predict calls go: TF Serving's gRPC port, {@code HOST:PORT} (plain text, as TF Serving
 * serves it), and the model and signature each call names.
 */
public record GrpcTarget(String host, int port, String model, String signature) {
  /** TF Serving's gRPC port. */
  public static final int GRPC_PORT = 8500;

  /** The target for {@code --url} given as {@code grpc://HOST:PORT} or {@code HOST:PORT}. */
  public static GrpcTarget of(String url, String model, String signature) {
    String address = url.strip();
    URI uri;
    try {
      uri = new URI(address.contains("://") ? address : "grpc://" + address);
    } catch (URISyntaxException e) {
      throw new UserError(
          "--url " + url + " is not a gRPC address: " + e.getReason(),
          "pass e.g. --url grpc://127.0.0.1:8500");
    }
    if (!"grpc".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null
        || !(uri.getRawPath() == null
            || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/"))) {
      throw new UserError(
          "--url " + url + " is not a gRPC address (grpc://HOST:PORT)",
          "pass TF Serving's gRPC port, e.g. --url grpc://127.0.0.1:8500 (port-forward or the"
              + " Service's LoadBalancer address)");
    }
    return new GrpcTarget(
        uri.getHost(),
        uri.getPort() < 0 ? GRPC_PORT : uri.getPort(),
        Target.requireModelName(url, model),
        signature);
  }

  /** The server's address, {@code grpc://HOST:PORT}. */
  public String address() {
    return "grpc://" + host + ":" + port;
  }

  /** How results name it: {@code grpc://HOST:PORT/MODEL}. */
  public String url() {
    return address() + "/" + model;
  }
}
