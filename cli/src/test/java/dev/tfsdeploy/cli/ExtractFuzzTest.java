package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.model.ArchiveBuilder;
import dev.tfsdeploy.model.TfModels;
import dev.tfsdeploy.model.TreeListing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code extract} over a few hundred seeded random archives: a valid SavedModel mixed with hostile
 * entries, through the CLI entry point. Whatever the archive, nothing is written outside the
 * output, a failure leaves nothing behind and is exit code 1 with one error line and no stack
 * trace; an archive with nothing hostile in it extracts.
 */
class ExtractFuzzTest {
  private static final long SEED = 19;
  private static final int CASES = 300;
  private static final String ESCAPE =
      "/tmp/tfs-deploy-fuzz-escape-" + ProcessHandle.current().pid();

  @TempDir static Path exports;
  private static Path model;

  @TempDir Path root;
  private final ModelCommandRunner cli = new ModelCommandRunner();

  /** One hostile addition to an archive, by name for the failure message. */
  private record Hostility(String name, BiConsumer<ArchiveBuilder, Random> add) {}

  private static final List<Hostility> HOSTILE =
      List.of(
          new Hostility(
              "../ traversal",
              (a, r) -> a.file("m/1/" + "../".repeat(1 + r.nextInt(4)) + "escaped", "x")),
          new Hostility("absolute path", (a, r) -> a.file(ESCAPE, "x")),
          new Hostility(
              "symlink out", (a, r) -> a.symlink("m/1/assets/link", "../../../../outside")),
          new Hostility(
              "write through a symlink",
              (a, r) -> a.symlink("m/evil", "../../outside").file("m/evil/written", "x")),
          new Hostility(
              "hard link out",
              (a, r) ->
                  a.hardLink("m/1/h", r.nextBoolean() ? "../../outside/secret" : "/etc/passwd")),
          new Hostility(
              "hard link to a later file",
              (a, r) -> a.hardLink("m/1/early", "m/1/later").file("m/1/later", "x")),
          new Hostility(
              "character device", (a, r) -> a.special("m/1/tty", TarConstants.LF_CHR, 0020000)),
          new Hostility(
              "block device", (a, r) -> a.special("m/1/sda", TarConstants.LF_BLK, 0060000)),
          new Hostility("FIFO", (a, r) -> a.special("m/1/pipe", TarConstants.LF_FIFO, 0010000)),
          new Hostility("duplicate", (a, r) -> a.file("m/1/saved_model.pb", "second copy")),
          new Hostility(
              "file below a file", (a, r) -> a.file("m/1/assets", "f").file("m/1/assets/x", "x")),
          new Hostility(
              "sparse past 2 GiB",
              (a, r) -> a.paxSparse("m/1/assets/sparse", (3L << 30) + r.nextInt(1 << 30))),
          new Hostility(
              "past --max-bytes",
              (a, r) -> a.zeros("m/1/assets/big", (2L << 20) + r.nextInt(1 << 20))),
          new Hostility(
              "hard links past --max-bytes",
              (a, r) -> {
                a.zeros("m/1/assets/part", 300 << 10);
                for (int i = 0; i < 4; i++) {
                  a.hardLink("m/1/assets/part" + i, "m/1/assets/part");
                }
              }));

  @BeforeAll
  static void export() {
    model = TfModels.halfPlusTwo(exports.resolve("half_plus_two"));
  }

  @Test
  void randomHostileArchivesNeverWriteOutsideAndFailCleanly() throws IOException {
    Path out = Files.createDirectories(root.resolve("work/out"));
    Files.writeString(
        Files.createDirectories(root.resolve("outside")).resolve("secret"), "untouched");
    Path archive = root.resolve("archive");
    Random random = new Random(SEED);
    int failures = 0;
    for (int n = 0; n < CASES; n++) {
      List<String> added = new ArrayList<>();
      boolean truncate = random.nextInt(8) == 0;
      writeArchive(random, added, archive, truncate);
      List<String> before = TreeListing.of(root, "archive");
      String label =
          "case " + n + " (seed " + SEED + "): " + added + (truncate ? " truncated" : "");

      int exit =
          cli.run(
              "extract",
              archive.toString(),
              "--model-name",
              "m",
              "--out",
              out.toString(),
              "--max-bytes",
              "1MiB");

      assertThat(Path.of(ESCAPE)).as(label).doesNotExist();
      assertThat(cli.stderr()).as(label).doesNotContain("Exception").doesNotContain("\tat ");
      if (exit == 0) {
        if (!truncate) { // cut short, an archive may lose its hostile tail and still hold the model
          assertThat(added).as(label).allMatch(name -> name.equals("hard link to an earlier file"));
        }
        assertThat(out.resolve("m/1/saved_model.pb")).as(label).isRegularFile();
        PathUtils.deleteDirectory(out.resolve("m"));
      } else {
        failures++;
        assertThat(exit).as(label).isEqualTo(ExitCode.FAILURE);
        assertThat(cli.stderr().lines().toList())
            .as(label)
            .singleElement()
            .asString()
            .startsWith("error: ");
        assertThat(cli.stdout()).as(label).isEmpty();
      }
      assertThat(TreeListing.of(root, "archive")).as(label).isEqualTo(before);
    }
    assertThat(failures).isBetween(CASES / 2, CASES - 10); // both outcomes were exercised
  }

  /** The model, with up to three hostile entries before or after it, as tar or tar.gz. */
  private static void writeArchive(
      Random random, List<String> added, Path archive, boolean truncate) throws IOException {
    ArchiveBuilder builder = random.nextBoolean() ? ArchiveBuilder.tgz() : ArchiveBuilder.tar();
    int hostile = random.nextInt(4);
    boolean first = random.nextBoolean();
    if (first) {
      addHostile(random, added, builder, hostile);
    }
    builder.tree("m/1/", model);
    if (random.nextInt(4) == 0) {
      builder.hardLink("m/1/again.pb", "m/1/saved_model.pb");
      added.add("hard link to an earlier file");
    }
    if (!first) {
      addHostile(random, added, builder, hostile);
    }
    builder.writeTo(archive);
    if (truncate) {
      byte[] whole = Files.readAllBytes(archive);
      Files.write(archive, Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)));
    }
  }

  private static void addHostile(
      Random random, List<String> added, ArchiveBuilder builder, int count) {
    for (int i = 0; i < count; i++) {
      Hostility hostility = HOSTILE.get(random.nextInt(HOSTILE.size()));
      hostility.add().accept(builder, random);
      added.add(hostility.name());
    }
  }
}
