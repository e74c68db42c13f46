package dev.tfsdeploy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Archives built to attack or break extraction. Each must be refused with a message that names the
 * problem, leaving the output's surroundings exactly as they were: nothing written outside, no
 * partial model, no staging directory.
 */
class AdversarialArchiveTest {
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFSOCK = 0140000;

  @TempDir static Path exports;
  private static Path model;
  private static Path noVariables;

  /** Everything under here is watched: the output directory, its parent and a sibling. */
  @TempDir Path root;

  private Path work;
  private Path out;

  @BeforeAll
  static void export() throws IOException {
    model = TfModels.halfPlusTwo(exports.resolve("half_plus_two"));
    noVariables = exports.resolve("no_variables");
    org.apache.commons.io.file.PathUtils.copyDirectory(model, Files.createDirectories(noVariables));
    org.apache.commons.io.file.PathUtils.deleteDirectory(noVariables.resolve("variables"));
  }

  @BeforeEach
  void outputWithNeighbours() throws IOException {
    work = root.resolve("work");
    out = work.resolve("out");
    Files.createDirectories(out.resolve("other_model/1"));
    Files.writeString(out.resolve("other_model/1/saved_model.pb"), "not ours");
    Files.writeString(work.resolve("neighbour.txt"), "untouched");
  }

  /** Writes the archive file for one case. */
  interface ArchiveFile {
    void writeTo(Path file) throws IOException;
  }

  record Case(ArchiveFile archive, ArchiveLimits limits, String refusal) {}

  private static Named<Case> refused(String name, ArchiveFile archive, String refusal) {
    return Named.of(name, new Case(archive, ArchiveLimits.DEFAULTS, refusal));
  }

  private static Named<Case> refused(String name, ArchiveBuilder builder, String refusal) {
    return refused(name, builder::writeTo, refusal);
  }

  private static Named<Case> refusedUnder(
      String name, ArchiveLimits limits, ArchiveBuilder builder, String refusal) {
    return Named.of(name, new Case(builder::writeTo, limits, refusal));
  }

  /** A model archive, then whatever the case adds. */
  private static ArchiveBuilder tgzModel() {
    return ArchiveBuilder.tgz().tree("m/1/", model);
  }

  static Stream<Named<Case>> cases() {
    return Stream.of(
        refused(
            "absolute path",
            tgzModel().file("/tmp/tfs-deploy-absolute-escape.txt", "x"),
            "is an absolute path"),
        refused("../ traversal", tgzModel().file("../escaped.txt", "x"), "contains '..'"),
        refused(
            "nested a/../../x traversal",
            tgzModel().file("m/1/../../../escaped.txt", "x"),
            "contains '..'"),
        refused(
            "symlink escaping the output",
            tgzModel().symlink("m/1/assets", "../../../.."),
            "is a symbolic link"),
        refused(
            "symlink, then a file written through it",
            tgzModel().symlink("m/evil", "../../..").file("m/evil/escaped.txt", "x"),
            "is a symbolic link"),
        refused(
            "hard link escaping with ..",
            tgzModel().hardLink("m/1/passwd", "../../../etc/passwd"),
            "contains '..'"),
        refused(
            "hard link to an absolute path",
            tgzModel().hardLink("m/1/passwd", "/etc/passwd"),
            "is an absolute path"),
        refused(
            "hard link to a file not extracted before it",
            ArchiveBuilder.tar()
                .hardLink("m/1/early", "m/1/later")
                .tree("m/1/", model)
                .file("m/1/later", "x"),
            "not a file extracted before it"),
        refused(
            "character device",
            tgzModel().special("m/1/tty", TarConstants.LF_CHR, S_IFCHR),
            "is a character device"),
        refused(
            "block device",
            tgzModel().special("m/1/sda", TarConstants.LF_BLK, S_IFBLK),
            "is a block device"),
        refused("FIFO", tgzModel().special("m/1/pipe", TarConstants.LF_FIFO, S_IFIFO), "is a FIFO"),
        refused(
            "an entry type no format defines (what damaged data inflates to)",
            tgzModel().special("m/1/odd", (byte) 'Z', S_IFIFO),
            "truncated or corrupt (entry 'm/1/odd' has a type no archive format defines)"),
        refused(
            "duplicate entry",
            tgzModel().file("m/1/saved_model.pb", "second copy"),
            "more than once"),
        refused(
            "duplicate entry spelled differently",
            tgzModel().file("m/./1//saved_model.pb", "second copy"),
            "more than once"),
        refused(
            "file below a path the archive made a file",
            tgzModel().file("m/1/assets", "a file").file("m/1/assets/vocab.txt", "x"),
            "lies below a path the archive made a file"),
        refusedUnder(
            "too many entries",
            new ArchiveLimits(1 << 30, 10),
            manyFiles(),
            "more than 10 entries"),
        refusedUnder(
            "archive bomb: highly compressible large entry",
            new ArchiveLimits(8 << 20, 1000),
            tgzModel().zeros("m/1/assets/bomb.bin", 64L << 20),
            "unpacks to more than 8.0 MiB"),
        refusedUnder(
            "zip bomb",
            new ArchiveLimits(8 << 20, 1000),
            ArchiveBuilder.zip().tree("m/1/", model).zeros("m/1/assets/bomb.bin", 64L << 20),
            "unpacks to more than 8.0 MiB"),
        refusedUnder(
            "hard links multiplying one file past the limit",
            new ArchiveLimits(50 << 20, 1000),
            hardLinks(tgzModel().zeros("m/1/assets/big.bin", 10 << 20), "m/1/assets/big.bin", 30),
            "unpacks to more than 50.0 MiB (hard links count as copies)"),
        refused(
            "PAX sparse file past 2 GiB",
            tgzModel().paxSparse("m/1/assets/big", 40L << 30),
            "an archive entry is a sparse file of 42949672960 bytes; model archives may hold only"
                + " files"),
        refused(
            "zip with ..",
            ArchiveBuilder.zip().tree("m/1/", model).file("../escaped.txt", "x"),
            "contains '..'"),
        refused(
            "zip with absolute path",
            ArchiveBuilder.zip().tree("m/1/", model).file("/tmp/escaped.txt", "x"),
            "is an absolute path"),
        refused(
            "zip with backslash traversal",
            ArchiveBuilder.zip().tree("m/1/", model).file("..\\..\\escaped.txt", "x"),
            "contains '..'"),
        refused(
            "zip symlink",
            ArchiveBuilder.zip().tree("m/1/", model).symlink("m/1/link", "/etc"),
            "is a symbolic link"),
        refused(
            "zip FIFO",
            ArchiveBuilder.zip().tree("m/1/", model).special("m/1/pipe", (byte) 0, S_IFIFO),
            "is a FIFO"),
        refused(
            "zip socket",
            ArchiveBuilder.zip().tree("m/1/", model).special("m/1/sock", (byte) 0, S_IFSOCK),
            "is a socket"),
        refused(
            "non-numeric version directory v1",
            ArchiveBuilder.tgz().tree("m/v1/", model),
            "'v1' is not a valid version directory name: " + VersionNames.RULE),
        refused(
            "non-numeric version directory 0.1",
            ArchiveBuilder.tgz().tree("m/0.1/", model).tree("m/2/", model),
            "'0.1' is not a valid version directory name"),
        refused(
            "version directory without saved_model.pb",
            ArchiveBuilder.tgz().tree("m/2/", model).directory("m/3/variables/"),
            "version directory '3' holds no saved_model.pb"),
        refused(
            "missing saved_model.pb",
            ArchiveBuilder.tgz().tree("m/1/variables/", model.resolve("variables")),
            "holds no saved_model.pb"),
        refused(
            "graph with variables but no variables/",
            ArchiveBuilder.tgz().tree("m/1/", noVariables),
            "no variables/variables.index"),
        refused("truncated gzip", file -> truncated(tgzModel(), file), "truncated or corrupt"),
        refused("corrupt gzip", file -> corrupted(tgzModel(), file), "truncated or corrupt"),
        refused(
            "corrupt zip",
            file -> truncated(ArchiveBuilder.zip().tree("m/1/", model), file),
            "truncated or corrupt"),
        refused(
            "not an archive at all",
            file -> Files.writeString(file, "just some text\n"),
            "is not a tar, tar.gz or zip archive"),
        refused(
            "bzip2, not a supported format",
            AdversarialArchiveTest::bzip2Tar,
            "compressed with bzip2"),
        refused("empty tar.gz", ArchiveBuilder.tgz(), "empty archive"),
        refused("empty zip", ArchiveBuilder.zip(), "empty archive"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusedWithNothingLeftBehind(Case refusal) throws IOException {
    Path archive = root.resolve("archive");
    refusal.archive().writeTo(archive);
    List<String> before = TreeListing.of(root);

    assertThatThrownBy(() -> extract(archive, out, refusal.limits()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining(refusal.refusal());

    assertThat(TreeListing.of(root)).isEqualTo(before);
    assertThat(Path.of("/tmp/tfs-deploy-absolute-escape.txt")).doesNotExist();
  }

  @Test
  void outputDirectoryCreatedForAFailedExtractionIsRemovedAgain() throws IOException {
    Path archive = tgzModel().file("../escaped.txt", "x").writeTo(root.resolve("archive"));
    List<String> before = TreeListing.of(root);

    assertThatThrownBy(
            () -> extract(archive, work.resolve("new/deeper/out"), ArchiveLimits.DEFAULTS))
        .isInstanceOf(UserError.class);

    assertThat(TreeListing.of(root)).isEqualTo(before);
  }

  @Test
  void bombIsStoppedByBytesWrittenNotByWhatTheHeaderClaims() throws IOException {
    // The zip writer streams this entry, so its local header claims no size at all.
    Path archive =
        ArchiveBuilder.zip().zeros("m/1/bomb.bin", 64L << 20).writeTo(root.resolve("archive"));

    assertThatThrownBy(() -> extract(archive, out, new ArchiveLimits(1 << 20, 10)))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("unpacks to more than 1.0 MiB");
  }

  private static void extract(Path archive, Path outDir, ArchiveLimits limits) {
    new ModelExtractor(ExtractListener.NONE)
        .extract(new ExtractRequest(archive, "half_plus_two", outDir, null, null, limits));
  }

  private static ArchiveBuilder manyFiles() {
    ArchiveBuilder builder = tgzModel();
    IntStream.range(0, 30).forEach(i -> builder.file("m/1/assets/file" + i + ".txt", "x"));
    return builder;
  }

  private static ArchiveBuilder hardLinks(ArchiveBuilder builder, String target, int count) {
    IntStream.range(0, count).forEach(i -> builder.hardLink(target + ".link" + i, target));
    return builder;
  }

  private static void truncated(ArchiveBuilder builder, Path file) throws IOException {
    builder.writeTo(file);
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, whole.length / 2));
  }

  /** Damages the deflate stream in the middle; the gzip header stays intact. */
  /**
   * Damages the compressed data from its first block on: it then cannot inflate to anything that
   * looks like an archive. (Damage further in may inflate to copies of earlier tar headers, which
   * the extractor also refuses, but with a message that depends on the bytes of the model export.)
   */
  private static void corrupted(ArchiveBuilder builder, Path file) throws IOException {
    builder.writeTo(file);
    byte[] bytes = Files.readAllBytes(file);
    int gzipHeader = 10;
    for (int i = gzipHeader; i < gzipHeader + 64; i++) {
      bytes[i] = (byte) ~bytes[i];
    }
    Files.write(file, bytes);
  }

  private static void bzip2Tar(Path file) throws IOException {
    Path tar = ArchiveBuilder.tar().tree("m/1/", model).writeTo(file.resolveSibling("plain.tar"));
    try (OutputStream bzip2 = new BZip2CompressorOutputStream(Files.newOutputStream(file))) {
      Files.copy(tar, bzip2);
    }
    Files.delete(tar);
  }

  @Test
  void namesWithControlCharactersArePrintedEscaped() throws IOException {
    Path archive = tgzModel().file("m/\u001b[31m/../../x", "x").writeTo(root.resolve("archive"));

    assertThatThrownBy(() -> extract(archive, out, ArchiveLimits.DEFAULTS))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("\\x1b[31m")
        .hasMessageNotContaining("\u001b");
  }
}
