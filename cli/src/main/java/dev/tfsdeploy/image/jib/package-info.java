/**
 * tfs-deploy's only uses of Jib outside its public API ({@code com.google.cloud.tools.jib.api}):
 * nothing else imports Jib's internal packages, so a Jib upgrade has one place to re-check. {@code
 * JibInternalsTest} fails, naming what to re-check, when the running Jib is not the version these
 * were checked against or when a class or method used here is gone.
 *
 * <p>What is used, and why the API does not do:
 *
 * <ul>
 *   <li>{@link PrebuiltLayerCache}: files a layer tfs-deploy compressed itself in Jib's
 *       application-layer cache. The cache layout and the selector that maps a layer's entries to
 *       its digest are package-private, so the one class that reaches them, {@code
 *       com.google.cloud.tools.jib.cache.PrebuiltApplicationLayers}, lives in Jib's own package:
 *       compiled against Jib, an upgrade that changes them breaks the build rather than a release,
 *       which reflection would not. It is the only tfs-deploy class in a Jib package.
 *   <li>{@link JibEvents}: build progress and step timings ({@code ProgressEvent}, {@code
 *       TimerEvent}), which the API does not expose.
 *   <li>{@link CredentialsOverHttp}: Jib's switch for sending credentials over plain HTTP, a system
 *       property named in {@code JibSystemProperties}.
 *   <li>{@link DockerConfigCredentials}: Jib's Docker config reader ({@code
 *       CredentialRetrieverFactory}), with its credential helpers.
 *   <li>{@link JibExceptions}: two failures Jib throws from internal packages, told apart so that
 *       they are explained.
 * </ul>
 */
package dev.tfsdeploy.image.jib;
