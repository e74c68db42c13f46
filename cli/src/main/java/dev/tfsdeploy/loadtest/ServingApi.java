package dev.tfsdeploy.loadtest;

/** TF Serving's two APIs, each with its port: how a load test reaches the model. */
public enum ServingApi {
  /** The REST API: JSON predict requests over HTTP/1.1, port 8501 (named "http" in the base). */
  REST("http", Target.REST_PORT),
  /** The gRPC API: PredictionService over HTTP/2, port 8500 (named "grpc" in the base). */
  GRPC("grpc", GrpcTarget.GRPC_PORT);

  private final String portName;
  private final int port;

  ServingApi(String portName, int port) {
    this.portName = portName;
    this.port = port;
  }

  /** The Service port's name in the shipped base, also the scheme of its addresses. */
  public String portName() {
    return portName;
  }

  /** TF Serving's default port for it. */
  public int port() {
    return port;
  }

  /** The address of this API at {@code host:port}, as --url takes it. */
  public String url(String host, int port) {
    return portName + "://" + host + ":" + port;
  }
}
