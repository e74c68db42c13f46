package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.overlay.KubectlKustomize;
import dev.tfsdeploy.yaml.AliasBombs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random kustomizations (links into and out of the root, aliases and alias bombs, absolute
 * and escaping paths, bad UTF-8, missing files, cycles) rendered through the CLI: a success writes
 * only {@code --out}; a failure is exit 1 with one line, no stack trace, and nothing written. For
 * every tenth case kubectl kustomize agrees on whether it renders.
 */
class RenderFuzzTest {
  private static final int CASES = 300;
  private static final long SEED = 19;
  private static final String OBJECT =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\ndata: {a: b}\n";

  /**
   * Entries a kustomization may list, from honest to hostile; "@" stands for the case directory.
   */
  private static final List<String> RESOURCES =
      List.of(
          "more.yaml",
          "link-in.yaml",
          "link-out.yaml",
          "missing.yaml",
          "../outside/object.yaml",
          "@/outside/object.yaml",
          "@/root/more.yaml",
          "base",
          "../outside",
          "@/root/base",
          ".",
          "..",
          "",
          "linked-dir/object.yaml",
          "latin1.yaml",
          "bomb.yaml",
          "aliases.yaml",
          "loop",
          "more.yaml");

  private static final List<String> FILES =
      List.of(
          "data.txt",
          "link-secret",
          "missing.txt",
          "@/outside/secret",
          "../outside/secret",
          "linked-dir/secret",
          "base",
          "k=data.txt",
          "=data.txt",
          "latin1.yaml");
  private static final List<String> COMPONENTS =
      List.of("comp", "comp-link", "@/root/comp", "", ".", "base", "missing");

  @TempDir Path temp;

  @Test
  void everyGeneratedKustomizationRendersOrFailsCleanly() throws IOException {
    Random random = new Random(SEED);
    int failures = 0;
    for (int i = 0; i < CASES; i++) {
      Path dir = Files.createDirectories(temp.resolve("case" + i));
      String kustomization = tree(dir, random);
      Map<String, String> before = snapshot(dir);
      Path out = dir.resolve("out");
      CommandRun run =
          CommandRun.of("render", dir.resolve("root").toString(), "--out", out.toString());
      String context = "case " + i + ":\n" + kustomization + "\n" + run.stderr();
      Map<String, String> after = snapshot(dir);
      after.keySet().removeIf(path -> path.startsWith("out/") || path.equals("out"));
      assertThat(after).as(context).isEqualTo(before);
      assertThat(run.stderr()).as(context).doesNotContain("\tat ").doesNotContain("internal error");
      if (run.exitCode() == 0) {
        assertThat(out).as(context).isDirectory();
      } else {
        failures++;
        assertThat(run.exitCode()).as(context).isEqualTo(1);
        assertThat(run.stderr()).as(context).startsWith("error: ").endsWith("\n");
        assertThat(run.stderr().strip()).as(context).doesNotContain("\n");
        assertThat(out).as(context).doesNotExist();
      }
      if (i % 10 == 0 && !kustomization.contains("bomb.yaml")) {
        int kubectl = KubectlKustomize.run(dir.resolve("root")).exitCode();
        assertThat(kubectl == 0)
            .as(context + "kubectl exit " + kubectl)
            .isEqualTo(run.exitCode() == 0);
      }
    }
    assertThat(failures).as("a mix of renders and failures").isBetween(CASES / 10, CASES * 9 / 10);
  }

  /**
   * Writes a random case under {@code dir} (root/, outside/, a base and a component) and returns
   * its kustomization.
   */
  private static String tree(Path dir, Random random) throws IOException {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "TOKEN=runner-secret\n");
    Files.writeString(outside.resolve("object.yaml"), OBJECT.formatted("outside"));
    Files.writeString(outside.resolve("kustomization.yaml"), "resources: [object.yaml]\n");
    Files.writeString(root.resolve("object.yaml"), OBJECT.formatted("object"));
    Files.writeString(root.resolve("more.yaml"), OBJECT.formatted("more"));
    Files.writeString(root.resolve("data.txt"), "plain data\n");
    Files.writeString(
        root.resolve("aliases.yaml"),
        OBJECT.formatted("aliases").replace("data: {a: b}", "data:\n  a: &v text\n  b: *v\n"));
    Files.writeString(root.resolve("bomb.yaml"), AliasBombs.configMap());
    Files.write(
        root.resolve("latin1.yaml"),
        OBJECT
            .formatted("latin")
            .replace("b}", "\u00e9}")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Files.createDirectories(root.resolve("base"));
    Files.writeString(root.resolve("base/kustomization.yaml"), "resources: [b.yaml]\n");
    Files.writeString(root.resolve("base/b.yaml"), OBJECT.formatted("in-base"));
    Files.createDirectories(root.resolve("comp"));
    Files.writeString(
        root.resolve("comp/kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonLabels: {c: d}\n");
    Files.createDirectories(root.resolve("loop"));
    Files.writeString(root.resolve("loop/kustomization.yaml"), "resources: [..]\n");
    Files.createSymbolicLink(root.resolve("link-in.yaml"), Path.of("object.yaml"));
    Files.createSymbolicLink(root.resolve("link-out.yaml"), Path.of("../outside/object.yaml"));
    Files.createSymbolicLink(root.resolve("link-secret"), Path.of("../outside/secret"));
    Files.createSymbolicLink(root.resolve("linked-dir"), Path.of("../outside"));
    Files.createSymbolicLink(root.resolve("comp-link"), Path.of("comp"));
    StringBuilder k = new StringBuilder("resources:\n- object.yaml\n");
    for (String entry : pick(random, RESOURCES, 2)) {
      k.append("- '").append(entry.replace("@", dir.toString())).append("'\n");
    }
    if (random.nextBoolean()) {
      k.append("configMapGenerator:\n- name: g\n  files:\n");
      for (String entry : pick(random, FILES, 1 + random.nextInt(2))) {
        k.append("  - '").append(entry.replace("@", dir.toString())).append("'\n");
      }
    }
    if (random.nextInt(4) == 0) {
      k.append("components:\n- '")
          .append(COMPONENTS.get(random.nextInt(COMPONENTS.size())).replace("@", dir.toString()))
          .append("'\n");
    }
    switch (random.nextInt(8)) {
      case 0 -> k.append("commonAnnotations:\n  a: &x v\n  b: *x\n");
      case 1 -> k.append("metadata:\n").append(AliasBombs.anchors(10, 10, "  "));
      default -> {}
    }
    String text = k.toString();
    if (random.nextInt(12) == 0) {
      Files.write(
          root.resolve("kustomization.yaml"),
          (text + "# \u00ff\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    } else {
      Files.writeString(root.resolve("kustomization.yaml"), text);
    }
    return text;
  }

  private static List<String> pick(Random random, List<String> from, int count) {
    List<String> picked = new ArrayList<>();
    for (int i = random.nextInt(count + 1); i > 0; i--) {
      picked.add(from.get(random.nextInt(from.size())));
    }
    return picked;
  }

  /**
   * Every entry under {@code dir} (links not followed), files with their size and modification
   * time.
   */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.forEach(
          path -> {
            try {
              entries.put(
                  dir.relativize(path).toString(),
                  Files.isSymbolicLink(path)
                      ? "link " + Files.readSymbolicLink(path)
                      : Files.isDirectory(path)
                          ? "directory"
                          : Files.size(path) + " " + Files.getLastModifiedTime(path));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return entries;
  }
}
