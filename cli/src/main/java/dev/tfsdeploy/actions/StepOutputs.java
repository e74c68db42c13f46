package dev.tfsdeploy.actions;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Step outputs, exported environment variables and the job summary, written to the files the runner
 * names ({@code GITHUB_OUTPUT}, {@code GITHUB_ENV}, {@code GITHUB_STEP_SUMMARY}).
 *
 * <p>Outside Actions every call does nothing, so commands can report unconditionally. Values use
 * the heredoc form with a random delimiter, so multi-line values are safe. The deprecated {@code
 * ::set-output} command is never used.
 */
public final class StepOutputs {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private final ActionsEnvironment actions;

  public StepOutputs(ActionsEnvironment actions) {
    this.actions = actions;
  }

  /** Sets step output {@code name} (read by the action as {@code steps.<id>.outputs.<name>}). */
  public void set(String name, String value) {
    append(actions.outputFile(), name, value);
  }

  /** Exports an environment variable to the job's later steps. */
  public void exportVariable(String name, String value) {
    append(actions.envFile(), name, value);
  }

  /** Appends Markdown to the job summary. */
  public void summary(String markdown) {
    actions
        .summaryFile()
        .ifPresent(file -> write(file, markdown.endsWith("\n") ? markdown : markdown + "\n"));
  }

  private void append(Optional<Path> file, String name, String value) {
    if (file.isEmpty()) {
      return;
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid output name: " + name);
    }
    String delimiter = "ghadelimiter_" + UUID.randomUUID();
    // A value containing the delimiter would end the heredoc early; a UUID makes that impossible
    // by accident, and this check makes it impossible on purpose.
    if (value.contains(delimiter)) {
      throw new IllegalStateException("output value contains its delimiter");
    }
    write(file.get(), name + "<<" + delimiter + "\n" + value + "\n" + delimiter + "\n");
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(
          file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UserError(
          "cannot write the runner file " + file + ": " + e.getMessage(),
          "check the GITHUB_OUTPUT/GITHUB_ENV/GITHUB_STEP_SUMMARY paths",
          new UncheckedIOException(e));
    }
  }
}
