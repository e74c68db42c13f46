package dev.tfsdeploy.cluster.kubeconfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads back what a {@link TokenPluginScript} starts when the token cache cannot answer. */
public final class TokenPluginScripts {
  private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'\\\\'')*)'");

  private TokenPluginScripts() {}

  /** The words of the script's {@code exec} line: the java command line it was written with. */
  public static List<String> javaCommand(Path script) {
    try {
      String exec =
          Files.readAllLines(script).stream()
              .filter(line -> line.startsWith("exec "))
              .findFirst()
              .orElseThrow(() -> new AssertionError(script + " has no exec line"));
      List<String> words = new ArrayList<>();
      Matcher word = QUOTED.matcher(exec);
      while (word.find()) {
        words.add(word.group(1).replace("'\\''", "'"));
      }
      return words;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
