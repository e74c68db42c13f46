/**
 * A small OCI Distribution client for the calls tfs-deploy makes next to Jib, before Jib runs: read
 * a manifest, check and mount blobs into the target repository, and upload a stored layer as it is
 * written, in one streamed request. Jib builds, pushes and tags the image; this package only gets
 * blobs into place so that Jib finds them there.
 *
 * <p>Why not Jib's own client ({@code com.google.cloud.tools.jib.registry.RegistryClient}): it is
 * outside Jib's public API, so using it would spread Jib's internals (its HTTP client, event
 * handlers and authentication types) beyond {@code dev.tfsdeploy.image.jib}; Jib's build mounts a
 * base layer only after downloading it; and its blob upload takes a finished blob sent in small
 * chunks, about half as fast as one streamed request on a fast link, where a stored layer is sent
 * while its second pass writes it. Credentials still come from one place ({@code
 * RegistryCredentials}), and --insecure-registry means the same here as for Jib (HTTPS, then HTTPS
 * without checking the certificate, then plain HTTP).
 */
package dev.tfsdeploy.image.registry;
