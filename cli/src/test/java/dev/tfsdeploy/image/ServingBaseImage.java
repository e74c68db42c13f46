package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.tfsdeploy.image.jib.CredentialsOverHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A stand-in for {@code tensorflow/serving} with its contract, built from a static busybox: the
 * entrypoint script reads MODEL_NAME and MODEL_BASE_PATH like TF Serving's does, checks that a
 * version directory holds saved_model.pb, and says what it would serve; {@code
 * MODEL_BASE_PATH=/models}, {@code MODEL_NAME=model}, ports 8500 and 8501, a label and a working
 * directory to be kept.
 */
public final class ServingBaseImage {
  public static final String ENTRYPOINT = "/usr/bin/tf_serving_entrypoint.sh";
  static final Path BUSYBOX = Path.of("/usr/bin/busybox");
  public static final String BASE_LABEL = "org.example.serving-base";

  private static final String SCRIPT =
      """
      #!/bin/busybox sh
      # Stands in for tensorflow_model_server: same variables, same refusal without a model.
      dir="${MODEL_BASE_PATH}/${MODEL_NAME}"
      found=""
      for version in $(/bin/busybox ls "$dir" 2>/dev/null); do
        if [ -f "$dir/$version/saved_model.pb" ]; then
          echo "serving model ${MODEL_NAME} version ${version} from ${dir}/${version} args:$*"
          found=yes
        fi
      done
      [ -n "$found" ] || { echo "no servable model at ${dir}" >&2; exit 1; }
      """;

  private ServingBaseImage() {}

  /** Pushes the base to {@code registry} as {@code repository:1} and returns its reference. */
  public static ImageReference push(TestRegistry registry, String repository, Path workDir)
      throws Exception {
    return push(registry, repository, workDir, false);
  }

  public static ImageReference push(
      TestRegistry registry, String repository, Path workDir, boolean withCredentials)
      throws Exception {
    if (!Files.isExecutable(BUSYBOX)) {
      throw new IllegalStateException(
          BUSYBOX + " is missing: install busybox-static (.ci/run does)");
    }
    Path script =
        Files.writeString(Files.createDirectories(workDir).resolve("entrypoint.sh"), SCRIPT);
    Path modelsDir = Files.createDirectories(workDir.resolve("models"));
    FilePermissions executable = FilePermissions.fromOctalString("755");
    FileEntriesLayer rootfs =
        FileEntriesLayer.builder()
            .setName("rootfs")
            .addEntry(BUSYBOX, AbsoluteUnixPath.get("/bin/busybox"), executable)
            .addEntry(script, AbsoluteUnixPath.get(ENTRYPOINT), executable)
            .addEntry(
                modelsDir,
                AbsoluteUnixPath.get("/models"),
                FilePermissions.DEFAULT_FOLDER_PERMISSIONS)
            .build();
    ImageReference reference = ImageReference.parse(registry.address() + "/" + repository + ":1");
    RegistryImage target = RegistryImage.named(reference);
    if (withCredentials) {
      target.addCredential(TestRegistry.USER, TestRegistry.PASSWORD);
    }
    try (CredentialsOverHttp ignored = CredentialsOverHttp.allowIf(withCredentials)) {
      Jib.fromScratch()
          .addFileEntriesLayer(rootfs)
          .setEntrypoint(ENTRYPOINT)
          .setEnvironment(
              Map.of("MODEL_BASE_PATH", "/models", "MODEL_NAME", "model", "PATH", "/bin:/usr/bin"))
          .addExposedPort(Port.tcp(8500))
          .addExposedPort(Port.tcp(8501))
          .addLabel(BASE_LABEL, "synthetic")
          .setWorkingDirectory(AbsoluteUnixPath.get("/"))
          .containerize(
              Containerizer.to(target)
                  .setAllowInsecureRegistries(true)
                  .setApplicationLayersCache(workDir.resolve("jib-cache")));
    }
    return reference;
  }
}
