package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDigestTest {
  @TempDir Path temp;

  @Test
  void sameContentElsewhereWithOtherTimestampsHasTheSameDigest() throws IOException {
    ModelFixtures.version(temp.resolve("a"), "1", 4, 5_000);
    ModelFixtures.version(temp.resolve("b"), "1", 4, 5_000);
    Files.setLastModifiedTime(temp.resolve("b/1/saved_model.pb"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));

    assertThat(digest("a")).isEqualTo(digest("b")).matches("[0-9a-f]{64}");
  }

  @Test
  void anyChangedByteChangesTheDigest() throws IOException {
    ModelFixtures.version(temp.resolve("a"), "1", 4, 5_000);
    String before = digest("a");
    Path shard = temp.resolve("a/1/variables/variables.data-00000-of-00001");
    byte[] bytes = Files.readAllBytes(shard);
    bytes[4_321] ^= 1;
    Files.write(shard, bytes);

    assertThat(digest("a")).isNotEqualTo(before);
  }

  @Test
  void renamedFileOrVersionChangesTheDigest() throws IOException {
    ModelFixtures.version(temp.resolve("a"), "1", 4, 5_000);
    String before = digest("a");
    Files.move(temp.resolve("a/1"), temp.resolve("a/2"));

    assertThat(digest("a")).isNotEqualTo(before);
  }

  private String digest(String dir) {
    return ModelDigest.of(ModelDirectory.scan(temp.resolve(dir)));
  }
}
