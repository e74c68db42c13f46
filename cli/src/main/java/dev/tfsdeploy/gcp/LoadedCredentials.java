package dev.tfsdeploy.gcp;

import com.google.auth.oauth2.GoogleCredentials;
import java.util.function.Supplier;

/**
 * Credentials as a {@link CredentialSource} gives them, unscoped, and who they act as (asked for
 * only when shown: the metadata server answers that with a request of its own).
 */
record LoadedCredentials(GoogleCredentials credentials, Supplier<String> principal) {}
