package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AotTrainingTest {
  /** Java 17's class file version: the first one whose classes an AOT cache can hold. */
  private static final int JAVA_17 = 61;

  @Test
  void commandLinesAreSplitAtEachSemicolonArgument() {
    assertThat(
            AotTraining.commandLines(
                new String[] {"--version", ";", "render", "--experiment", "a;b", ";", ";"}))
        .containsExactly(List.of("--version"), List.of("render", "--experiment", "a;b"));
  }

  @Test
  void picocliIsCompiledFromSourceAsJava17ClassFilesWhichTheCacheCanHold() throws IOException {
    // picocli's released jar holds Java 5 class files (major version 49); the build compiles its
    // source instead (cli/pom.xml), so that the launcher's cache holds it.
    assertThat(majorVersion(CommandLine.class)).isEqualTo(JAVA_17);
    assertThat(majorVersion(CommandLine.Model.CommandSpec.class)).isEqualTo(JAVA_17);
  }

  private static int majorVersion(Class<?> type) throws IOException {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getResourceAsStream(resource);
        DataInputStream data = new DataInputStream(in)) {
      data.readInt(); // magic
      data.readUnsignedShort(); // minor version
      return data.readUnsignedShort();
    }
  }
}
