/**
 * The pipeline's steps (download, build the image, render, write GKE credentials, roll out) as
 * services taking plain requests, so {@code run} and the step commands share one implementation.
 *
 * <p>The steps live here rather than in their concern packages because each one ties a concern
 * ({@code release}, {@code image}, {@code overlay}, {@code cluster}) to the console and the step
 * outputs of {@code actions}: the concern packages stay free of reporting, and {@code cli} only
 * turns options into requests and prints results. Nothing here knows picocli.
 */
package dev.tfsdeploy.pipeline;
