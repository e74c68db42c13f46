package dev.tfsdeploy.cluster.rollout;

import dev.tfsdeploy.experiments.Experiments;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a deployed revision came from, written as annotations on every applied object so that
 * {@code kubectl describe} and {@code tfs-deploy status} can answer "what is running, and who put
 * it there". Absent values are left out rather than written empty.
 */
public record RolloutProvenance(
    Optional<String> experiment,
    Optional<String> image,
    Optional<String> releaseTag,
    Optional<String> modelRepo,
    Optional<String> commit,
    Optional<String> runUrl) {
  public static final String PREFIX = "tfs-deploy.dev/";

  /** The annotation every experiment overlay already sets; deploy writes it on every object too. */
  public static final String EXPERIMENT = Experiments.ANNOTATION;

  public static final String IMAGE = PREFIX + "image";
  public static final String RELEASE_TAG = PREFIX + "release-tag";
  public static final String MODEL_REPO = PREFIX + "model-repo";
  public static final String COMMIT = PREFIX + "commit";
  public static final String RUN_URL = PREFIX + "run-url";

  public static final RolloutProvenance NONE =
      new RolloutProvenance(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public Map<String, String> annotations() {
    Map<String, String> annotations = new LinkedHashMap<>();
    experiment.ifPresent(v -> annotations.put(EXPERIMENT, v));
    image.ifPresent(v -> annotations.put(IMAGE, v));
    releaseTag.ifPresent(v -> annotations.put(RELEASE_TAG, v));
    modelRepo.ifPresent(v -> annotations.put(MODEL_REPO, v));
    commit.ifPresent(v -> annotations.put(COMMIT, v));
    runUrl.ifPresent(v -> annotations.put(RUN_URL, v));
    return annotations;
  }

  /** Adds the annotations to the object's metadata (the object is mutated). */
  public void stamp(HasMetadata object) {
    Map<String, String> merged = new LinkedHashMap<>();
    if (object.getMetadata().getAnnotations() != null) {
      merged.putAll(object.getMetadata().getAnnotations());
    }
    merged.putAll(annotations());
    if (!merged.isEmpty()) {
      object.getMetadata().setAnnotations(merged);
    }
  }
}
