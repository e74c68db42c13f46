package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.ProgressMeter;
import dev.tfsdeploy.actions.StepOutputs;
import dev.tfsdeploy.release.RetryPolicy;
import dev.tfsdeploy.storage.CloudStorage;
import dev.tfsdeploy.storage.GcsModelDownload;
import dev.tfsdeploy.storage.GcsUri;
import dev.tfsdeploy.storage.StorageListener;
import dev.tfsdeploy.text.Bytes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The download step for a model in Cloud Storage, as {@code download}, {@code build-image} and
 * {@code run} take it: an archive object saved as a release asset is, or a SavedModel prefix placed
 * as an extracted archive is; reported the same way by all three.
 */
public final class GcsDownload {
  // A read that waits this long for a byte is resumed anew (the release download's stall limit).
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final StepContext context;

  public GcsDownload(StepContext context) {
    this.context = context;
  }

  /**
   * Which model and whose credentials.
   *
   * @param credentials a Google credentials file; null for the usual lookup
   */
  public record Request(GcsUri uri, Path credentials) {}

  /**
   * Downloads the model into {@code directory}.
   *
   * @param modelName the model directory's name for a prefix; null for the prefix's last name
   */
  public GcsModelDownload.Fetched into(Path directory, String modelName, Request request) {
    Console console = context.console();
    ExtractProgress extract = new ExtractProgress(console);
    try (CloudStorage storage =
        CloudStorage.connect(
            console.actions()::get,
            Optional.ofNullable(request.credentials()),
            console::mask,
            context.userAgent(),
            READ_TIMEOUT)) {
      console.debug("Cloud Storage: " + storage.endpoint());
      return new GcsModelDownload(storage, RetryPolicy.standard(), new Progress(console), extract)
          .into(new GcsModelDownload.Request(request.uri(), directory, modelName));
    }
  }

  /** The model as the image build takes it: an archive to extract, or a model directory. */
  public static ImageBuild.ModelInput modelInput(GcsModelDownload.Fetched fetched) {
    return fetched.archive()
        ? ImageBuild.ModelInput.archive(fetched.path())
        : ImageBuild.ModelInput.directory(fetched.path());
  }

  /** Outputs {@code path} and {@code model-uri} (with the generation), and a line of summary. */
  public void report(GcsModelDownload.Fetched fetched) {
    context.outputs().set("path", fetched.path().toAbsolutePath().normalize().toString());
    reportSource(fetched);
  }

  /**
   * Outputs {@code model-uri}, {@code gs://BUCKET/PATH#GENERATION}, and a line of summary: what a
   * build that downloads the model for itself reports (its files are gone afterwards).
   */
  public void reportSource(GcsModelDownload.Fetched fetched) {
    StepOutputs outputs = context.outputs();
    outputs.set("model-uri", fetched.provenance());
    outputs.summary(
        "Downloaded `"
            + fetched.provenance()
            + "` ("
            + (fetched.archive() ? "archive" : "SavedModel directory")
            + ", "
            + Bytes.format(fetched.bytes())
            + "), verified against "
            + fetched.verified());
  }

  /** Shows the download on the console: log lines and a progress bar or lines. */
  private static final class Progress implements StorageListener {
    private final Console console;
    private ProgressMeter meter;

    Progress(Console console) {
      this.console = console;
    }

    @Override
    public void started(String what, int objects, long bytes) {
      console.info(
          "Downloading "
              + what
              + " ("
              + (objects == 1 ? "" : objects + " objects, ")
              + Bytes.format(bytes)
              + ")");
      meter = new ProgressMeter(console, "downloading", bytes);
    }

    @Override
    public void progress(long done) {
      meter.update(done);
    }

    @Override
    public void retrying(String reason, Duration delay, int nextAttempt, int maxAttempts) {
      console.warn(ReleaseDownload.retryLine(reason, delay, nextAttempt, maxAttempts));
    }

    @Override
    public void finished(long bytes, String verified) {
      meter.finish(bytes);
      console.info("Verified against " + verified);
    }
  }
}
