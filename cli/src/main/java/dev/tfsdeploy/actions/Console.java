package dev.tfsdeploy.actions;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The process's voice: the command's result on stdout, everything else on stderr.
 *
 * <p>Under GitHub Actions, warnings and errors become annotations and secrets are announced with
 * {@code ::add-mask::} before anything could print them. Every line passes the {@link SecretMasker}
 * first.
 */
public final class Console {
  private final PrintStream out;
  private final PrintStream err;
  private final ActionsEnvironment actions;
  private final SecretMasker masker = new SecretMasker();
  private final boolean interactive;
  private volatile boolean debug;

  public Console(
      PrintStream out, PrintStream err, ActionsEnvironment actions, boolean interactive) {
    this.out = out;
    this.err = err;
    this.actions = actions;
    this.interactive = interactive && !actions.isCi();
  }

  /** The console of this process: a terminal is interactive only when stderr goes to one. */
  public static Console system() {
    return new Console(
        System.out, System.err, ActionsEnvironment.fromSystem(), terminal().isPresent());
  }

  /**
   * This process's terminal, if it runs in one. From Java 22 {@code System.console()} is there even
   * when the streams are redirected, and only its {@code isTerminal()} (Java 22) tells.
   */
  public static Optional<java.io.Console> terminal() {
    Optional<java.io.Console> console = Optional.ofNullable(System.console());
    try {
      Method isTerminal = java.io.Console.class.getMethod("isTerminal");
      return console.filter(c -> invokeQuietly(isTerminal, c));
    } catch (NoSuchMethodException beforeJava22) {
      return console;
    }
  }

  private static boolean invokeQuietly(Method isTerminal, java.io.Console console) {
    try {
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  public ActionsEnvironment actions() {
    return actions;
  }

  public void setDebug(boolean debug) {
    this.debug = debug;
  }

  public boolean isDebug() {
    return debug;
  }

  /** True when progress may redraw a bar in place (a terminal, not CI). */
  public boolean isInteractive() {
    return interactive;
  }

  /** Raw stdout, for picocli's own help text (which holds no secrets). */
  public PrintStream stdout() {
    return out;
  }

  /** Raw stderr, for picocli's own usage messages. */
  public PrintStream stderr() {
    return err;
  }

  /** The command's result: the only thing written to stdout. */
  public void result(String line) {
    out.println(masker.redactKnown(line));
    out.flush();
  }

  /**
   * A result that is itself a secret, written verbatim: only for {@code token}, whose stdout is
   * read by kubectl, never by a log.
   */
  public void secretResult(String line) {
    out.println(line);
    out.flush();
  }

  public void info(String line) {
    err.println(masker.redact(line));
  }

  public void debug(String line) {
    if (debug) {
      err.println("debug: " + masker.redact(line));
    }
  }

  public void warn(String line) {
    String text = masker.redact(line);
    err.println(
        actions.isActions() ? WorkflowCommands.command("warning", text) : "warning: " + text);
  }

  public void error(String line) {
    String text = masker.redact(line);
    err.println(actions.isActions() ? WorkflowCommands.command("error", text) : "error: " + text);
  }

  /** Writes raw text to stderr (progress bars); still redacted. */
  public void rawErr(String text) {
    err.print(masker.redact(text));
    err.flush();
  }

  /**
   * Declares a secret the moment it exists: masked by the runner under Actions, redacted from
   * everything this console prints anywhere. Credentials known only by their shape ({@link
   * CredentialShapes}, e.g. an assertion a token endpoint echoes) are not announced: they never
   * leave this console unredacted, and an add-mask line would be the one place they appeared.
   */
  public void mask(String secret) {
    if (masker.add(secret) && actions.isActions()) {
      // The add-mask line itself is the one place the secret must appear verbatim.
      err.println(WorkflowCommands.command("add-mask", secret));
      err.flush();
    }
  }

  public String redact(String text) {
    return masker.redact(text);
  }

  /** A collapsible log group under Actions, a plain heading elsewhere. Close to end it. */
  public Group group(String title) {
    if (actions.isActions()) {
      err.println(WorkflowCommands.command("group", masker.redact(title)));
      return () -> err.println("::endgroup::");
    }
    err.println("== " + masker.redact(title));
    return () -> {};
  }

  /** An open log group; closing it never throws. */
  public interface Group extends AutoCloseable {
    @Override
    void close();
  }
}
