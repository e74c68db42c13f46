package dev.tfsdeploy.loadtest;

import com.google.protobuf.DynamicMessage;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.serving.PredictProtocol;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;

/**
 * Sends TF Serving predict calls over gRPC ({@code tensorflow.serving.PredictionService/Predict})
 * at a closed- or open-loop load and measures them, with the same pacing, bounds and results as the
 * HTTP {@link LoadGenerator}. Each loop has a channel of its own (one HTTP/2 connection) and its
 * share of the calls in flight; the request is encoded once.
 */
public final class GrpcLoadGenerator {
  /** TF Serving answers can be large (a batch of embeddings, say); gRPC's default cap is 4 MiB. */
  private static final int MAX_RESPONSE_BYTES = 256 << 20;

  private final LoadListener listener;

  public GrpcLoadGenerator(LoadListener listener) {
    this.listener = listener;
  }

  /**
   * Runs the load {@code spec} describes against {@code target}, each call sending {@code inputs}.
   */
  public LoadResult run(GrpcTarget target, Map<String, TensorProto> inputs, LoadSpec spec) {
    return measure(target, inputs, spec).result();
  }

  /** {@link #run}, with how well the generator kept the schedule. */
  public Measurement measure(GrpcTarget target, Map<String, TensorProto> inputs, LoadSpec spec) {
    DynamicMessage request =
        PredictProtocol.request(target.model(), Optional.empty(), target.signature(), inputs);
    LoadSchedule schedule = LoadSchedule.startingNow(spec);
    List<ManagedChannel> channels = new ArrayList<>();
    List<GrpcLoop> loops = new ArrayList<>();
    try {
      for (int i = 0; i < spec.threads(); i++) {
        ManagedChannel channel = channel(target);
        channels.add(channel);
        loops.add(
            new GrpcLoop(
                channel,
                request,
                schedule.pacing(i),
                schedule.measureStart(),
                spec.timeout().toNanos(),
                schedule.connections(i)));
      }
      return new LoadRun(listener, spec, schedule).execute(loops, "loadtest-grpc", target.url());
    } finally {
      channels.forEach(GrpcLoadGenerator::close);
    }
  }

  /**
   * The signature {@code target} names, as the server describes it (GetModelMetadata): the dtypes a
   * hand-written JSON body's values take, as TF Serving's REST API gives them.
   */
  public SignatureDef servedSignature(GrpcTarget target, Duration timeout) {
    ManagedChannel channel = channel(target);
    try {
      DynamicMessage metadata =
          ClientCalls.blockingUnaryCall(
              channel,
              PredictProtocol.GET_MODEL_METADATA,
              CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS),
              PredictProtocol.metadataRequest(target.model()));
      Map<String, SignatureDef> signatures = PredictProtocol.signatures(metadata);
      SignatureDef signature = signatures.get(target.signature());
      if (signature == null) {
        throw new UserError(
            "model "
                + target.model()
                + " at "
                + target.address()
                + " has no signature "
                + target.signature()
                + " (it has: "
                + String.join(", ", signatures.keySet())
                + ")",
            "pass --signature with one of them");
      }
      return signature;
    } catch (StatusRuntimeException e) {
      throw metadataRefused(target, e.getStatus(), timeout);
    } finally {
      close(channel);
    }
  }

  private static UserError metadataRefused(GrpcTarget target, Status status, Duration timeout) {
    String said =
        status.getDescription() == null
            ? status.getCode().name()
            : status.getCode() + ": " + status.getDescription();
    return switch (status.getCode()) {
      case UNAVAILABLE ->
          new UserError(
              "cannot reach TF Serving's gRPC API at " + target.address() + " (" + said + ")",
              "check --url (TF Serving's gRPC port, 8500 by default) and that TF Serving is running"
                  + " there");
      case NOT_FOUND ->
          new UserError(
              "TF Serving at "
                  + target.address()
                  + " serves no model "
                  + target.model()
                  + " ("
                  + said
                  + ")",
              "check --model-name");
      case DEADLINE_EXCEEDED ->
          new UserError(
              "TF Serving at "
                  + target.address()
                  + " did not describe model "
                  + target.model()
                  + " within "
                  + timeout.toMillis()
                  + " ms",
              "raise --timeout, or pass --from-signature DIR");
      default ->
          new UserError(
              "asking "
                  + target.address()
                  + " for the signatures of model "
                  + target.model()
                  + " failed ("
                  + said
                  + ")",
              "check --url points at TF Serving's gRPC port, or pass --from-signature DIR");
    };
  }

  /** A plain-text channel to {@code target} (TF Serving's gRPC port speaks no TLS). */
  private static ManagedChannel channel(GrpcTarget target) {
    return OkHttpChannelBuilder.forAddress(target.host(), target.port())
        .usePlaintext()
        .directExecutor() // callbacks only queue a call's end for the loop's thread
        .maxInboundMessageSize(MAX_RESPONSE_BYTES)
        .userAgent("tfs-deploy-loadtest")
        .build();
  }

  private static void close(ManagedChannel channel) {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
