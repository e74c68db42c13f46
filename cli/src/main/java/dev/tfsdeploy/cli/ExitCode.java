package dev.tfsdeploy.cli;

/** The exit codes of every subcommand, as documented in {@code tfs-deploy --help}. */
public final class ExitCode {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** A user error (bad input, no access, failed rollout) or an internal failure. */
  public static final int FAILURE = 1;

  /** The command line itself is wrong: unknown option, missing value. */
  public static final int USAGE = 2;

  /**
   * {@code loadtest --find-capacity} ended without a capacity: the load generator, the rate ceiling
   * or the time limit came first (the result is still printed and written).
   */
  public static final int NO_CAPACITY = 3;

  private ExitCode() {}
}
