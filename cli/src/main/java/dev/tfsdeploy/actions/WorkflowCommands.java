package dev.tfsdeploy.actions;

/**
 * Formats GitHub Actions workflow commands ({@code ::name::message}) with the runner's escaping, so
 * a message holding newlines or {@code ::} cannot end the command early or inject another.
 */
final class WorkflowCommands {
  private WorkflowCommands() {}

  static String command(String name, String message) {
    return "::" + name + "::" + escapeData(message);
  }

  static String escapeData(String value) {
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }
}
