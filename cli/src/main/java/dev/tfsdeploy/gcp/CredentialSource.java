package dev.tfsdeploy.gcp;

import com.google.auth.http.HttpTransportFactory;
import dev.tfsdeploy.UserError;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a command's Google credentials come from, in the order Application Default Credentials
 * looks: a credentials file ({@link CredentialsFile}), else the metadata server of the Compute
 * Engine VM or GKE node it runs on ({@link MetadataServer}).
 */
public sealed interface CredentialSource permits CredentialsFile, MetadataServer {
  /** How to tell the user where the credentials came from: "key.json (from --credentials)". */
  String describe();

  /**
   * Who issues the tokens, for messages: "the Google token endpoint for key.json (from
   * --credentials)".
   */
  String endpoint();

  /** The credentials file, when the credentials are in one (a kubeconfig pins it for `token`). */
  Optional<Path> file();

  /** The unscoped credentials, with who they act as. */
  LoadedCredentials load(HttpTransportFactory transport);

  /** The error for a token endpoint that cannot be reached ({@code failure}). */
  UserError unreachable(Exception failure);

  /**
   * The error for credentials the endpoint refused (400, 401, 403, or an answer without a status;
   * an endpoint failing itself is reported by {@link GoogleAccess}) ({@code failure}); {@code
   * principal} says who they act as, asked only if the message names it (the metadata server would
   * take a request).
   */
  UserError refused(Exception failure, Supplier<String> principal);
}
