package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.image.ReproducibleLayerBuilder;
import com.google.common.collect.ImmutableList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tfs-deploy's layer tar is Jib's, byte for byte: the diff ID does not depend on who wrote it. */
class ReproducibleTarTest {
  @TempDir Path temp;

  @Test
  void aModelVersionAsModelLayersPlansItIsJibsTarByteForByte() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(
        model, "1", 31, 3 * ReproducibleTar.BUFFER + 123); // several copy buffers, an odd tail
    ModelFixtures.version(model, "2", 32, 0); // an empty shard
    ModelDirectory directory = ModelDirectory.scan(model);

    for (FileEntriesLayer layer : ModelLayers.plan(directory, "half_plus_two")) {
      assertThat(ours(layer.getEntries())).as(layer.getName()).isEqualTo(jibs(layer.getEntries()));
    }
  }

  @Test
  void largeFileLayersWithTheirParentsAreJibsTarByteForByte() throws IOException {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "7", 33, ModelLayers.OWN_LAYER_BYTES + 1);

    List<FileEntriesLayer> layers = ModelLayers.plan(ModelDirectory.scan(model), "m");

    assertThat(layers).hasSize(2);
    for (FileEntriesLayer layer : layers) {
      assertThat(ours(layer.getEntries())).as(layer.getName()).isEqualTo(jibs(layer.getEntries()));
    }
  }

  @Test
  void entriesInAnyOrderWithDuplicatesNestedPathsAndOtherTimesAreJibsTar() throws IOException {
    Path file = Files.writeString(temp.resolve("a.txt"), "alpha");
    Path other = Files.writeString(temp.resolve("b.txt"), "beta");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2031-05-06T07:08:09Z")));
    Path dir = Files.createDirectories(temp.resolve("dir"));
    Instant fractional = Instant.parse("2020-02-02T02:02:02.123456789Z");
    List<FileEntry> entries =
        List.of(
            new FileEntry(
                other,
                AbsoluteUnixPath.get("/z/deep/nested/b.txt"),
                FilePermissions.fromOctalString("600"),
                fractional),
            new FileEntry(
                file,
                AbsoluteUnixPath.get("/a/a.txt"),
                FilePermissions.fromOctalString("755"),
                Instant.EPOCH),
            new FileEntry(
                dir,
                AbsoluteUnixPath.get("/z/deep"),
                FilePermissions.fromOctalString("700"),
                fractional),
            new FileEntry(
                other,
                AbsoluteUnixPath.get("/a/a.txt"),
                FilePermissions.DEFAULT_FILE_PERMISSIONS,
                Instant.EPOCH));

    assertThat(ours(entries)).isEqualTo(jibs(entries));
  }

  @Test
  void anOwnerOtherThanRootIsRefused() throws IOException {
    Path file = Files.writeString(temp.resolve("a.txt"), "alpha");
    List<FileEntry> entries =
        List.of(
            new FileEntry(
                file,
                AbsoluteUnixPath.get("/a.txt"),
                FilePermissions.DEFAULT_FILE_PERMISSIONS,
                Instant.EPOCH,
                "1000:1000"));

    assertThatThrownBy(() -> ours(entries)).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] ours(List<FileEntry> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReproducibleTar.write(entries, out);
    return out.toByteArray();
  }

  private static byte[] jibs(List<FileEntry> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ReproducibleLayerBuilder(ImmutableList.copyOf(entries)).build().writeTo(out);
    return out.toByteArray();
  }
}
