package dev.tfsdeploy.image.jib;

import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Jib's reader of a Docker config ({@code auths}, {@code credHelpers}, {@code credsStore}): the
 * same lookup {@code docker} makes, credential helpers included.
 */
public final class DockerConfigCredentials {
  private DockerConfigCredentials() {}

  /**
   * Credentials for {@code reference} from the Docker config at {@code dockerConfig}; credential
   * helpers run with {@code environment}, and what Jib says goes to {@code log}.
   */
  public static CredentialRetriever retriever(
      ImageReference reference,
      Path dockerConfig,
      Map<String, String> environment,
      Consumer<String> log) {
    return CredentialRetrieverFactory.forImage(
            reference, event -> log.accept(event.getMessage()), environment)
        .dockerConfig(dockerConfig);
  }
}
