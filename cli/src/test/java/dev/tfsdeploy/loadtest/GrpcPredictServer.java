package dev.tfsdeploy.loadtest;

import com.google.protobuf.DynamicMessage;
import dev.tfsdeploy.serving.PredictProtocol;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;

/**
 * TF Serving's gRPC PredictionService/Predict on 127.0.0.1 (grpc-java's OkHttp server, HTTP/2 in
 * plain text as TF Serving serves it), serving half_plus_two under one model name, with the
 * latencies and failures a test injects: input {@code x} (DT_FLOAT) answers output {@code y = 0.5x
 * + 2} of the same shape; another model name ends NOT_FOUND "Servable not found", a request without
 * a float {@code x} INVALID_ARGUMENT, as TF Serving does. GetModelMetadata describes the signatures
 * a test gives it (a real SavedModel's, say).
 */
public final class GrpcPredictServer implements AutoCloseable {
  private final String model;
  private final Server server;
  private final ScheduledExecutorService delays =
      Executors.newSingleThreadScheduledExecutor(daemon());
  private final InjectedFaults faults = new InjectedFaults();
  private final List<Map<String, TensorProto>> received = new CopyOnWriteArrayList<>();
  private volatile boolean hangs;
  private volatile Map<String, SignatureDef> signatures = Map.of();

  public GrpcPredictServer(String model) {
    this.model = model;
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(PredictProtocol.SERVICE)
            .addMethod(PredictProtocol.PREDICT, ServerCalls.asyncUnaryCall(this::predict))
            .addMethod(
                PredictProtocol.GET_MODEL_METADATA, ServerCalls.asyncUnaryCall(this::metadata))
            .build();
    try {
      server =
          OkHttpServerBuilder.forPort(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  InsecureServerCredentials.create())
              .addService(service)
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The address, as --url takes it for gRPC. */
  public String url() {
    return "grpc://127.0.0.1:" + server.getPort();
  }

  /** Each predict call's latency in milliseconds, by its 0-based index. */
  public GrpcPredictServer latency(LongUnaryOperator millisByIndex) {
    faults.latency(millisByIndex);
    return this;
  }

  /** Every n-th predict call ends INTERNAL, as TF Serving's do when the model fails. */
  public GrpcPredictServer failEvery(int n) {
    faults.failEvery(n);
    return this;
  }

  /**
   * Call {@code index} starts a pause of {@code millis}; it and every call arriving during it end
   * when it ends.
   */
  public GrpcPredictServer stallOnce(long index, long millis) {
    faults.stallOnce(index, millis);
    return this;
  }

  /** No call (predict or metadata) is ever answered. */
  public GrpcPredictServer hang() {
    this.hangs = true;
    return this;
  }

  /** What GetModelMetadata answers for the served model. */
  public GrpcPredictServer describing(Map<String, SignatureDef> signatureDefs) {
    this.signatures = Map.copyOf(signatureDefs);
    return this;
  }

  /** Predict calls received for the served model. */
  public long predictions() {
    return faults.count();
  }

  /** The input tensors of the first calls received (at most 10). */
  public List<Map<String, TensorProto>> received() {
    return List.copyOf(received);
  }

  private void metadata(DynamicMessage request, StreamObserver<DynamicMessage> response) {
    if (servesAnother(request, response) || hangs) {
      return;
    }
    response.onNext(PredictProtocol.metadataResponse(model, 1, signatures));
    response.onCompleted();
  }

  /**
   * Ends the call NOT_FOUND, as TF Serving does, when it asks for another model than the one
   * served.
   */
  private boolean servesAnother(DynamicMessage request, StreamObserver<DynamicMessage> response) {
    String asked = PredictProtocol.modelName(request);
    if (asked.equals(model)) {
      return false;
    }
    response.onError(
        Status.NOT_FOUND
            .withDescription("Servable not found for request: Latest(" + asked + ")")
            .asRuntimeException());
    return true;
  }

  private void predict(DynamicMessage request, StreamObserver<DynamicMessage> response) {
    if (servesAnother(request, response)) {
      return;
    }
    InjectedFaults.Plan plan = faults.next();
    Map<String, TensorProto> inputs = PredictProtocol.tensors(request);
    if (received.size() < 10) {
      received.add(inputs);
    }
    if (hangs) {
      return;
    }
    var unused =
        delays.schedule(
            () -> answer(plan, inputs, response), plan.delayMillis(), TimeUnit.MILLISECONDS);
  }

  private void answer(
      InjectedFaults.Plan plan,
      Map<String, TensorProto> inputs,
      StreamObserver<DynamicMessage> response) {
    if (plan.fails()) {
      response.onError(
          Status.INTERNAL
              .withDescription("the model failed on call " + plan.index())
              .asRuntimeException());
      return;
    }
    TensorProto x = inputs.get("x");
    if (x == null || x.getDtype() != DataType.DT_FLOAT) {
      response.onError(
          Status.INVALID_ARGUMENT
              .withDescription("input x must be a DT_FLOAT tensor")
              .asRuntimeException());
      return;
    }
    TensorProto.Builder y =
        TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(x.getTensorShape());
    x.getFloatValList().forEach(value -> y.addFloatVal(0.5f * value + 2));
    response.onNext(PredictProtocol.response(model, 1, Map.of("y", y.build())));
    response.onCompleted();
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "grpc-predict-server-delays");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.shutdownNow();
    delays.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
