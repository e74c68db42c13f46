package dev.tfsdeploy.cli;

import com.google.cloud.tools.jib.api.ImageReference;
import dev.tfsdeploy.image.ImageNames;
import dev.tfsdeploy.image.WorkerImageRequest;
import dev.tfsdeploy.pipeline.ImageBuild;
import dev.tfsdeploy.pipeline.StepContext;

/** The load workers' image, built from this jar when no --worker-image names one. */
final class WorkerImages {
  private WorkerImages() {}

  /**
   * Builds the workers' image on {@code base} from the running jar and pushes it next to {@code
   * modelImage} (its repository's sibling {@code tfs-deploy-worker}, tagged with this version).
   */
  static String besideModelImage(StepContext context, String modelImage, String base) {
    ImageReference target =
        WorkerImageRequest.besideModelImage(
            ImageNames.base(modelImage), WorkerImageRequest.defaultTag(VersionProvider.version()));
    return new ImageBuild(context).workerImage(base, target, false);
  }
}
