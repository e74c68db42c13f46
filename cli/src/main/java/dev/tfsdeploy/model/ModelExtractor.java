package dev.tfsdeploy.model;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.files.OutputPaths;
import dev.tfsdeploy.serving.WarmupFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.io.file.PathUtils;

/**
 * Unpacks a model archive into {@code outDir/modelName/<version>/}, the layout TF Serving's {@code
 * --model_base_path} expects, and validates every version.
 *
 * <p>All-or-nothing: the archive unpacks into a hidden staging directory inside {@code outDir},
 * which is moved into place only once every entry was written and every version validated; any
 * failure deletes the staging directory (and {@code outDir} itself when this call created it). When
 * {@code outDir/modelName} already exists, the archive's versions are added beside the ones there;
 * a version that already exists (by number: {@code 123} and {@code 00000123} are the same) is
 * refused before anything is moved.
 */
public final class ModelExtractor {
  private final SavedModelValidator validator = new SavedModelValidator();
  private final ExtractListener listener;

  public ModelExtractor(ExtractListener listener) {
    this.listener = listener;
  }

  public ExtractedModel extract(ExtractRequest request) {
    checkRequest(request);
    Path out = OutputPaths.directory(request.outDir(), "--out " + request.outDir());
    ArchiveFormat format = ArchiveFormat.detect(request.archive());
    List<Path> createdDirs = OutputPaths.createDirectories(out, "--out " + request.outDir());
    Path staging = null;
    boolean published = false;
    try {
      staging = Files.createTempDirectory(out, "." + request.modelName() + ".extracting-");
      ExtractedModel model = extractVia(staging, out, format, request);
      published = true;
      return model;
    } catch (IOException e) {
      throw new UserError(
          "cannot write the model under " + request.outDir() + ": " + e,
          "check free disk space and permissions of --out",
          e);
    } finally {
      if (staging != null) {
        deleteQuietly(staging);
      }
      if (!published) {
        OutputPaths.removeCreated(createdDirs);
      }
    }
  }

  /**
   * Writes a model's files under a directory, for a source that is not an archive (the objects
   * under a Cloud Storage prefix): the files it writes take the place of the archive's entries.
   */
  @FunctionalInterface
  public interface TreeWriter {
    void writeInto(Path tree) throws IOException;
  }

  /**
   * Places a model that {@code writer} writes as files, exactly as {@link #extract} places an
   * archive's: {@code saved_model.pb} at the top becomes version {@link
   * ExtractRequest#DEFAULT_ROOT_VERSION}, numbered directories keep their numbers, every version is
   * validated, and nothing is left in {@code outDir} when any of it fails.
   *
   * @param source what the files come from, for messages ("gs://bucket/model")
   */
  public ExtractedModel extractTree(
      String source, String modelName, Path outDir, TreeWriter writer) {
    ModelName.require(modelName, "model name");
    Path out = OutputPaths.directory(outDir, "--out " + outDir);
    List<Path> createdDirs = OutputPaths.createDirectories(out, "--out " + outDir);
    Path staging = null;
    boolean published = false;
    try {
      staging = Files.createTempDirectory(out, "." + modelName + ".extracting-");
      Path tree = Files.createDirectory(staging.resolve("tree"));
      writer.writeInto(tree);
      long[] counted = countFiles(tree);
      ModelLayout layout = ModelLayout.locate(tree, false, 0, listener);
      ExtractedModel model =
          place(
              staging,
              out,
              layout,
              source,
              "",
              source,
              modelName,
              outDir,
              null,
              counted[0],
              counted[1]);
      published = true;
      return model;
    } catch (IOException e) {
      throw new UserError(
          "cannot write the model under " + outDir + ": " + e,
          "check free disk space and permissions of --out",
          e);
    } finally {
      if (staging != null) {
        deleteQuietly(staging);
      }
      if (!published) {
        OutputPaths.removeCreated(createdDirs);
      }
    }
  }

  /** How many files the tree holds, and their bytes. */
  private static long[] countFiles(Path tree) throws IOException {
    long[] counted = new long[2];
    try (var files = Files.walk(tree)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          counted[0]++;
          counted[1] += Files.size(file);
        }
      }
    }
    return counted;
  }

  private ExtractedModel extractVia(
      Path staging, Path out, ArchiveFormat format, ExtractRequest request) throws IOException {
    Path tree = Files.createDirectory(staging.resolve("tree"));
    StagingTree staged = new StagingTree(tree, request.limits(), listener);
    int strip = request.stripComponents() == null ? 0 : request.stripComponents();
    int skippedFiles = unpack(format, request.archive(), strip, staged);
    if (staged.entries() == 0) {
      throw new UserError(
          request.archive() + " is an empty archive", "publish an archive holding the SavedModel");
    }
    if (skippedFiles > 0) {
      listener.warning(
          skippedFiles
              + " file(s) lie within the "
              + strip
              + " stripped path component(s) and were skipped");
    }
    ModelLayout layout =
        ModelLayout.locate(tree, request.stripComponents() == null, strip, listener);
    return place(
        staging,
        out,
        layout,
        "the archive",
        " (change with --version)",
        request.archive().getFileName().toString(),
        request.modelName(),
        request.outDir(),
        request.rootVersion(),
        staged.entries(),
        staged.bytes());
  }

  /**
   * Validates the versions {@code layout} found and moves them into {@code outDir/modelName}.
   *
   * @param where where a top-level saved_model.pb lay, for the message ("the archive")
   * @param rootVersionHint how to choose another version for it, appended to the message
   * @param source the source's name in validation messages
   * @param rootVersion the version a top-level saved_model.pb becomes; null for the default
   */
  private ExtractedModel place(
      Path staging,
      Path out,
      ModelLayout layout,
      String where,
      String rootVersionHint,
      String source,
      String modelName,
      Path outDir,
      String rootVersion,
      long entries,
      long bytes)
      throws IOException {
    String rootVersionOrDefault =
        rootVersion == null ? ExtractRequest.DEFAULT_ROOT_VERSION : rootVersion;
    Path modelStaging;
    Map<Long, Path> versions;
    if (layout.atRoot()) {
      listener.info(
          "saved_model.pb lies at "
              + where
              + "'s top level: placing it as version "
              + rootVersionOrDefault
              + rootVersionHint);
      modelStaging = Files.createDirectory(staging.resolve("model"));
      Path versionDir = modelStaging.resolve(rootVersionOrDefault);
      Files.move(layout.root(), versionDir);
      versions = Map.of(VersionNames.parse(rootVersionOrDefault).getAsLong(), versionDir);
    } else {
      modelStaging = layout.root();
      versions = layout.versions();
      if (rootVersion != null) {
        listener.warning(
            "--version "
                + rootVersion
                + " is ignored: the archive holds version directories ("
                + versions.keySet().stream()
                    .sorted()
                    .map(String::valueOf)
                    .collect(Collectors.joining(", "))
                + "), which keep their numbers");
      }
    }

    List<ValidatedVersion> checked = new ArrayList<>();
    for (Path versionDir : versions.values()) {
      ValidatedVersion version =
          validator.validateVersion(
              versionDir, source + ", version directory " + versionDir.getFileName());
      version.warnings().forEach(listener::warning);
      version
          .warmupRecords()
          .ifPresent(
              count ->
                  listener.info(
                      "version " + versionDir.getFileName() + ": " + WarmupFile.describe(count)));
      checked.add(version);
    }

    publish(modelStaging, versions, out.resolve(modelName));
    Path modelDir = outDir.resolve(modelName);
    List<ValidatedVersion> placed =
        checked.stream()
            .map(v -> v.movedTo(modelDir.resolve(v.directory().getFileName())))
            .toList();
    return new ExtractedModel(modelDir, placed, entries, bytes);
  }

  /** Writes every entry into the staging tree; returns how many files stripping skipped. */
  private static int unpack(ArchiveFormat format, Path archive, int strip, StagingTree tree)
      throws IOException {
    int skippedFiles = 0;
    try (ArchiveReader reader = format.open(archive)) {
      for (ArchiveEntry entry = reader.next(); entry != null; entry = reader.next()) {
        tree.countEntry();
        EntryPath path = EntryPath.parse(entry.name()).strip(strip);
        if (path == null) {
          skippedFiles += entry.type() == ArchiveEntry.Type.DIRECTORY ? 0 : 1;
          continue;
        }
        switch (entry.type()) {
          case DIRECTORY -> tree.directory(path);
          case FILE -> {
            try (InputStream content = reader.content()) {
              tree.file(path, content);
            }
          }
          case HARD_LINK -> tree.hardLink(path, linkTarget(entry, path, strip));
          default -> throw refused(path, entry);
        }
      }
    }
    return skippedFiles;
  }

  private static EntryPath linkTarget(ArchiveEntry entry, EntryPath path, int strip) {
    EntryPath target = EntryPath.parseLinkTarget(entry.linkTarget(), path).strip(strip);
    if (target == null) {
      throw new UserError(
          "archive entry '"
              + path
              + "' is a hard link to '"
              + EntryPath.printable(entry.linkTarget())
              + "', which is not a file extracted before it",
          "re-create the archive from the model directory");
    }
    return target;
  }

  private static UserError refused(EntryPath path, ArchiveEntry entry) {
    if (entry.type() == ArchiveEntry.Type.UNKNOWN) {
      // No tar or zip tool writes a type outside the formats' own; damaged compressed data that
      // still inflates does (a block of earlier headers, copied out of place).
      return ArchiveReader.corrupt(
          new IOException("entry '" + path + "' has a type no archive format defines"));
    }
    if (entry.type() == ArchiveEntry.Type.SYMBOLIC_LINK) {
      return new UserError(
          "archive entry '"
              + path
              + "' is a symbolic link (to '"
              + EntryPath.printable(String.valueOf(entry.linkTarget()))
              + "'); model archives may hold only files, directories and hard links between their"
              + " files",
          "archive the linked files themselves (tar --dereference, or zip without --symlinks)");
    }
    return new UserError(
        "archive entry '"
            + path
            + "' is "
            + entry.type().description()
            + "; model archives may hold only files, directories and hard links between their"
            + " files",
        "re-create the archive from the model directory");
  }

  /** Moves the staged model into place: whole when new, version by version when it exists. */
  private static void publish(Path modelStaging, Map<Long, Path> versions, Path modelPath)
      throws IOException {
    Path modelDir = OutputPaths.directory(modelPath, modelPath.toString());
    if (!Files.exists(modelDir, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(modelStaging, modelDir, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    Map<Long, Path> existing = VersionNames.directories(modelDir);
    for (Map.Entry<Long, Path> version : versions.entrySet()) {
      Path clash = existing.get(version.getKey());
      if (clash != null) {
        throw new UserError(
            "version " + version.getKey() + " of the model already exists at " + clash,
            "remove that directory first, or extract into another --out");
      }
      Path destination = modelDir.resolve(version.getValue().getFileName());
      if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
        throw new UserError(
            "version "
                + version.getKey()
                + " cannot be placed at "
                + destination
                + ": "
                + whatIsAt(destination)
                + " is there",
            "remove it first, or extract into another --out");
      }
    }
    // Version by version; should one move fail, the ones before it go back to staging.
    List<Path> moved = new ArrayList<>();
    try {
      for (Path versionDir : versions.values()) {
        Files.move(
            versionDir, modelDir.resolve(versionDir.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        moved.add(versionDir);
      }
    } catch (IOException e) {
      for (Path versionDir : moved) {
        Files.move(
            modelDir.resolve(versionDir.getFileName()), versionDir, StandardCopyOption.ATOMIC_MOVE);
      }
      throw e;
    }
  }

  private static void checkRequest(ExtractRequest request) {
    if (!Files.isRegularFile(request.archive())) {
      throw new UserError(
          request.archive() + " is not a file", "pass the path of the downloaded model archive");
    }
    ModelName.require(request.modelName(), "model name");
    if (request.stripComponents() != null && request.stripComponents() < 0) {
      throw new UserError(
          "--strip-components must not be negative",
          "pass 0 or more, or leave it out to strip automatically");
    }
    if (!VersionNames.isVersion(request.rootVersionOrDefault())) {
      throw new UserError(
          "version '"
              + EntryPath.printable(request.rootVersionOrDefault())
              + "' is not a valid version: "
              + VersionNames.RULE,
          "pass --version with a number, e.g. 1");
    }
  }

  /**
   * What occupies a path a version directory should take: a file, or a link and where it points.
   */
  private static String whatIsAt(Path path) throws IOException {
    if (Files.isSymbolicLink(path)) {
      Path target = Files.readSymbolicLink(path);
      return "a symbolic link to " + target + (Files.exists(path) ? "" : " (which does not exist)");
    }
    return Files.isDirectory(path) ? "a directory that is not a version" : "a file";
  }

  private static void deleteQuietly(Path dir) {
    try {
      PathUtils.deleteDirectory(dir);
    } catch (IOException e) {
      // Nothing better to do: the staging directory's name says what it is.
    }
  }
}
