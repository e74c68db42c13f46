/**
 * The experiments of a kube directory ({@code KUBE_DIR/experiments/NAME}, overlays over {@code
 * KUBE_DIR/base}, {@code .kube} by default): finding them by name, summarising what each runs,
 * writing new ones ({@code experiments new}), and the names the TF Serving base gives its image,
 * Deployment and container.
 *
 * <p>{@link dev.tfsdeploy.experiments.TfServingLayer} turns {@code --image} and {@code
 * --model-name} into the {@link dev.tfsdeploy.overlay.RenderLayer} the kustomize engine in {@code
 * overlay} renders over an experiment; the engine depends on nothing here.
 */
package dev.tfsdeploy.experiments;
