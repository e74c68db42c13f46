package dev.tfsdeploy;

/**
 * A failure the user can fix: bad input, missing access, a refused model.
 *
 * <p>The message is one line naming the thing that is wrong; {@link #fix()} says what to do about
 * it. The CLI prints both on one line without a stack trace (unless {@code --debug}).
 */
public class UserError extends RuntimeException {
  private final String fix;

  public UserError(String message, String fix) {
    this(message, fix, null);
  }

  public UserError(String message, String fix, Throwable cause) {
    super(message, cause);
    this.fix = fix;
  }

  public UserError(String message) {
    this(message, null, null);
  }

  /** What the user should do, or null when the message says it all. */
  public String fix() {
    return fix;
  }

  /** The message and the fix as the single line the CLI prints. */
  public String oneLine() {
    String line = getMessage();
    if (fix != null && !fix.isBlank()) {
      line = line + " — " + fix;
    }
    return line.replace('\n', ' ').replace('\r', ' ');
  }
}
