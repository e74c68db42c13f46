/**
 * The in-process kustomize engine: a kustomization directory rendered exactly as {@code kubectl
 * kustomize} (v5) renders it, fields, builtin plugins, field specs and output order, plus the
 * Kubernetes schema check of the result. Entry point: {@link dev.tfsdeploy.overlay.Kustomization}.
 *
 * <p>Nothing here knows TF Serving or the experiments: what a caller adds at render time comes in
 * as a {@link dev.tfsdeploy.overlay.RenderLayer}, kustomization fields rendered on top. Reading and
 * writing YAML as kustomize's Go libraries do is the {@code yaml} package's.
 */
package dev.tfsdeploy.overlay;
