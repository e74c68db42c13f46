package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLayersTest {
  @TempDir Path temp;

  @Test
  void eachLargeFileGetsALayerAndTheRestOfAVersionSharesOne() throws IOException {
    Path dir = ModelFixtures.version(temp, "1", 1, ModelLayers.OWN_LAYER_BYTES);
    ModelFixtures.random(
        dir.resolve("variables/variables.data-00001-of-00002"), 2, ModelLayers.OWN_LAYER_BYTES - 1);
    ModelFixtures.version(temp, "2", 3, 10);

    List<FileEntriesLayer> layers = ModelLayers.plan(ModelDirectory.scan(temp), "m");

    assertThat(layers)
        .extracting(FileEntriesLayer::getName)
        .containsExactly("m/1", "m/2", "m/1/variables/variables.data-00000-of-00001");
    assertThat(targets(layers.get(0)))
        .contains(
            "/models/m/1/saved_model.pb", "/models/m/1/variables/variables.data-00001-of-00002")
        .doesNotContain("/models/m/1/variables/variables.data-00000-of-00001");
    assertThat(targets(layers.get(2)))
        .containsExactly(
            "/models",
            "/models/m",
            "/models/m/1",
            "/models/m/1/variables",
            "/models/m/1/variables/variables.data-00000-of-00001");
  }

  @Test
  void everyEntryHasFixedModesOwnerAndTime() throws IOException {
    ModelFixtures.version(temp, "1", 1, 10);

    for (FileEntry entry : ModelLayers.plan(ModelDirectory.scan(temp), "m").get(0).getEntries()) {
      boolean directory = Files.isDirectory(entry.getSourceFile());
      assertThat(entry.getPermissions().toOctalString())
          .as(entry.getExtractionPath().toString())
          .isEqualTo(directory ? "755" : "644");
      assertThat(entry.getModificationTime().getEpochSecond()).isEqualTo(1);
      assertThat(entry.getOwnership()).isEmpty(); // root:root
    }
  }

  @Test
  void manyLargeFilesShareLayersToStayUnderTheLayerLimit() throws IOException {
    Path variables = Files.createDirectories(temp.resolve("1/variables"));
    Files.writeString(temp.resolve("1/saved_model.pb"), "graph");
    int shards = ModelLayers.MAX_MODEL_LAYERS * 2;
    for (int i = 0; i < shards; i++) {
      Path shard = variables.resolve(String.format("variables.data-%05d-of-%05d", i, shards));
      try (var file = new java.io.RandomAccessFile(shard.toFile(), "rw")) {
        file.setLength(ModelLayers.OWN_LAYER_BYTES); // sparse: size is what matters here
      }
    }

    List<FileEntriesLayer> layers = ModelLayers.plan(ModelDirectory.scan(temp), "m");

    assertThat(layers).hasSizeLessThanOrEqualTo(ModelLayers.MAX_MODEL_LAYERS);
    long shardEntries =
        layers.stream()
            .flatMap(layer -> layer.getEntries().stream())
            .filter(entry -> entry.getExtractionPath().toString().contains("variables.data-"))
            .count();
    assertThat(shardEntries).isEqualTo(shards);
  }

  private static List<String> targets(FileEntriesLayer layer) {
    return layer.getEntries().stream().map(entry -> entry.getExtractionPath().toString()).toList();
  }
}
