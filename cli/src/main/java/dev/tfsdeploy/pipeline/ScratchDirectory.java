package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A private temporary directory for one command's intermediate files; the caller deletes it. */
public final class ScratchDirectory {
  private ScratchDirectory() {}

  public static Path create(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UserError(
          "cannot create a temporary directory: " + e.getMessage(),
          "check TMPDIR and free space",
          e);
    }
  }
}
