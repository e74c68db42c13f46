package dev.tfsdeploy.cluster.rollout.serving;

/**
 * One entry of TF Serving's {@code GET /v1/models/<name>} answer: a version and its state (START,
 * LOADING, AVAILABLE, UNLOADING, END), with the load error if there was one.
 */
public record ModelVersionStatus(
    String version, String state, String errorCode, String errorMessage) {
  public static final String AVAILABLE = "AVAILABLE";
  private static final String END = "END";

  public boolean available() {
    return AVAILABLE.equals(state);
  }

  /** Ended with an error: TF Serving could not load it. */
  public boolean failed() {
    return END.equals(state) && !succeeded();
  }

  /** Ended without an error: unloaded, as a policy drops a version it no longer serves. */
  public boolean unloaded() {
    return END.equals(state) && succeeded();
  }

  private boolean succeeded() {
    return errorCode == null || errorCode.isBlank() || "OK".equals(errorCode);
  }

  @Override
  public String toString() {
    String error =
        succeeded()
            ? ""
            : " ("
                + errorCode
                + (errorMessage == null || errorMessage.isBlank() ? "" : ": " + errorMessage)
                + ")";
    return "version " + version + " " + state + error;
  }
}
