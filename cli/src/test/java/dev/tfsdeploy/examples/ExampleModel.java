package dev.tfsdeploy.examples;

import dev.tfsdeploy.model.ArchiveBuilder;
import dev.tfsdeploy.model.TfModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Generates {@code examples/half_plus_two.tar.gz}, the small model the README's first command
 * deploys: y = 0.5x + 2, exported by TensorFlow Java, packed as a release asset would be ({@code
 * half_plus_two/1/saved_model.pb} + {@code variables/}).
 *
 * <p>Regenerate with {@code ./mvnw -q -B test-compile exec:java -pl cli -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tfsdeploy.examples.ExampleModel -Dexec.args=examples/half_plus_two.tar.gz}.
 */
public final class ExampleModel {
  public static final String NAME = "half_plus_two";

  private ExampleModel() {}

  public static void main(String[] args) throws IOException {
    Path archive = Path.of(args.length > 0 ? args[0] : "examples/half_plus_two.tar.gz");
    write(archive);
    System.err.println("wrote " + archive.toAbsolutePath());
  }

  /** Exports the model and packs it into {@code archive}. */
  public static void write(Path archive) throws IOException {
    Path work = Files.createTempDirectory("example-model");
    try {
      TfModels.halfPlusTwo(work.resolve("1"));
      ArchiveBuilder.tgz().directory(NAME + "/").tree(NAME + "/", work).writeTo(archive);
    } finally {
      try (Stream<Path> paths = Files.walk(work)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
