package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.tfsdeploy.UserError;
import java.nio.file.Files;
import java.util.List;

/**
 * Builds the load workers' image with Jib, without a Docker daemon: the JRE base as it is, plus one
 * layer holding this CLI's jar, started as {@code java -jar} with the command line the Job gives.
 * Reproducible: the same jar on the same base gives the same digest.
 */
public final class WorkerImageBuilder {
  private final RegistryCredentials credentials;
  private final ImageBuildListener listener;
  private final String toolVersion;

  public WorkerImageBuilder(
      RegistryCredentials credentials, ImageBuildListener listener, String toolVersion) {
    this.credentials = credentials;
    this.listener = listener;
    this.toolVersion = toolVersion;
  }

  /** Builds and pushes the image; returns it by digest ({@code repository@sha256:...}). */
  public String build(WorkerImageRequest request) {
    if (!Files.isRegularFile(request.jar())) {
      throw new UserError(
          "the workers' image is built from the tfs-deploy jar, and " + request.jar() + " is none",
          "run the CLI from its jar, or pass --worker-image IMAGE");
    }
    BaseImage.Registry from = new BaseImage.Registry(request.base());
    ImageTarget.Registry to = new ImageTarget.Registry(request.target());
    RegistryPreflight.requireResolvable(from, to, request.insecureRegistry());
    RegistryPreflight.requireHttpsUnlessAllowed(from, to, request.insecureRegistry());
    CredentialTrail baseTrail = new CredentialTrail();
    CredentialTrail targetTrail = new CredentialTrail();
    RegistryImage base = RegistryImage.named(request.base());
    credentials.addTo(base, request.base(), listener, baseTrail);
    RegistryImage target = RegistryImage.named(request.target());
    credentials.addTo(target, request.target(), listener, targetTrail);
    try {
      JibContainer container =
          Jib.from(base)
              .addFileEntriesLayer(
                  FileEntriesLayer.builder()
                      .setName("tfs-deploy")
                      .addEntry(request.jar(), AbsoluteUnixPath.get(WorkerImageRequest.JAR_PATH))
                      .build())
              .setEntrypoint(List.of("java", "-jar", WorkerImageRequest.JAR_PATH))
              .setProgramArguments(List.of())
              .addLabel("org.opencontainers.image.title", "tfs-deploy load worker")
              .addLabel("org.opencontainers.image.version", toolVersion)
              .containerize(
                  Containerizer.to(target)
                      .setAllowInsecureRegistries(request.insecureRegistry())
                      .setToolName(ModelImageBuilder.TOOL_NAME)
                      .setToolVersion(toolVersion)
                      .addEventHandler(LogEvent.class, new JibLog(listener)));
      return ImageNames.display(request.target()) + "@" + container.getDigest();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("building the workers' image was interrupted", "rerun it");
    } catch (Exception e) {
      throw new JibFailures(from, to, baseTrail, targetTrail, request.insecureRegistry())
          .explain(e);
    }
  }
}
