package dev.tfsdeploy.cluster.rollout.serving;

/**
 * One entry of TF Serving's {@code GET /v1/models/<name>} answer: a version and its state (START,
 * LOADING, AVAILABLE, UNLOADING, END), with the load error if there was one.
 */
public record ModelVersionStatus(
    String version, String state, String errorCode, String errorMessage) {
  public static final String AVAILABLE = "AVAILABLE";

  public boolean available() {
    return AVAILABLE.equals(state);
  }

  @Override
  public String toString() {
    String error =
        errorCode == null || "OK".equals(errorCode)
            ? ""
            : " ("
                + errorCode
                + (errorMessage == null || errorMessage.isBlank() ? "" : ": " + errorMessage)
                + ")";
    return "version " + version + " " + state + error;
  }
}
