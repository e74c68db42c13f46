package dev.tfsdeploy.loadtest;

import com.google.protobuf.DynamicMessage;
import dev.tfsdeploy.net.NetworkFailures;
import dev.tfsdeploy.serving.PredictProtocol;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One thread's share of a gRPC load: predict calls on one channel (one HTTP/2 connection), at most
 * {@code maxInFlight} at once. gRPC's callbacks only queue each call's end; this loop's thread
 * alone records and paces, as an HTTP {@link EventLoop} does. Every call has a deadline (in open
 * loop counted from its intended send time), so the loop ends by itself.
 */
final class GrpcLoop extends LoadLoop {
  /** How long the loop waits for a call to end before it looks whether it was aborted. */
  private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Channel channel;
  private final DynamicMessage request;
  private final Pacing pacing;
  private final long measureStart;
  private final long timeoutNanos;
  private final int maxInFlight;
  private final BlockingQueue<Ended> ended = new LinkedBlockingQueue<>();

  /** Open loop: due times of requests waiting for a call to end. */
  private final ArrayDeque<Long> waiting = new ArrayDeque<>();

  private int inFlight;

  /** A call that ended: when its latency started, whether it counts, how and when it ended. */
  private record Ended(long latencyStart, long sentAt, boolean measured, Status status, long at) {}

  GrpcLoop(
      Channel channel,
      DynamicMessage request,
      Pacing pacing,
      long measureStart,
      long timeoutNanos,
      int maxInFlight) {
    this.channel = channel;
    this.request = request;
    this.pacing = pacing;
    this.measureStart = measureStart;
    this.timeoutNanos = timeoutNanos;
    this.maxInFlight = maxInFlight;
  }

  @Override
  public void run() {
    try {
      if (pacing instanceof Pacing.Open open) {
        runOpen(open);
      } else {
        runClosed((Pacing.Closed) pacing);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  /** Each of the loop's calls starts the next as soon as it ends, while the pacing allows. */
  private void runClosed(Pacing.Closed closed) throws InterruptedException {
    while (inFlight < maxInFlight && sendClosed(closed)) {
      // Each pass starts one of the loop's calls.
    }
    while (inFlight > 0 && !aborted) {
      Ended call = ended.poll(IDLE_NANOS, TimeUnit.NANOSECONDS);
      if (call != null) {
        finish(call);
        sendClosed(closed);
      }
    }
  }

  private boolean sendClosed(Pacing.Closed closed) {
    long now = System.nanoTime();
    int permit = closed.take(now);
    if (permit == 0) {
      return false;
    }
    start(now, permit == 2, now);
    return true;
  }

  /** Calls start at their due times; one due while all are in flight waits, and its wait counts. */
  private void runOpen(Pacing.Open open) throws InterruptedException {
    while (!aborted) {
      long due = open.next();
      long now = System.nanoTime();
      if (due == Pacing.NONE && inFlight == 0 && waiting.isEmpty()) {
        return;
      }
      if (due != Pacing.NONE && due <= now) {
        open.advance();
        waiting.add(due);
        startWaiting(now);
        continue;
      }
      long wait = due == Pacing.NONE ? IDLE_NANOS : Math.min(IDLE_NANOS, due - now);
      Ended call = ended.poll(wait, TimeUnit.NANOSECONDS);
      if (call != null) {
        finish(call);
        startWaiting(System.nanoTime());
      }
    }
  }

  private void startWaiting(long now) {
    while (!waiting.isEmpty() && inFlight < maxInFlight) {
      long due = waiting.poll();
      start(due, due >= measureStart, now);
    }
  }

  /**
   * Starts a call whose latency counts from {@code latencyStart} and whose deadline is its timeout
   * after that.
   */
  private void start(long latencyStart, boolean measured, long now) {
    long left = latencyStart + timeoutNanos - now;
    if (left <= 0) {
      // Waited out its whole timeout for a free call: it failed as a timeout without being sent.
      measure(new Ended(latencyStart, now, measured, Status.DEADLINE_EXCEEDED, now));
      return;
    }
    inFlight++;
    ClientCalls.asyncUnaryCall(
        channel.newCall(
            PredictProtocol.PREDICT,
            CallOptions.DEFAULT.withDeadlineAfter(left, TimeUnit.NANOSECONDS)),
        request,
        new StreamObserver<DynamicMessage>() {
          @Override
          public void onNext(DynamicMessage response) {
            // Only the call's end is measured.
          }

          @Override
          public void onError(Throwable t) {
            ended.add(
                new Ended(latencyStart, now, measured, Status.fromThrowable(t), System.nanoTime()));
          }

          @Override
          public void onCompleted() {
            ended.add(new Ended(latencyStart, now, measured, Status.OK, System.nanoTime()));
          }
        });
  }

  /** A sent call ended. */
  private void finish(Ended call) {
    inFlight--;
    measure(call);
  }

  private void measure(Ended call) {
    if (!call.measured()) {
      return;
    }
    if (call.status().isOk()) {
      recorder.success(call.at() - call.latencyStart(), call.at() - call.sentAt(), call.at());
    } else {
      recorder.error(kind(call.status()), call.status().getDescription(), call.at());
    }
  }

  /** The error kind of a failed call: the HTTP loop's kinds where they mean the same. */
  static String kind(Status status) {
    return switch (status.getCode()) {
      case DEADLINE_EXCEEDED -> ErrorKinds.TIMEOUT;
      // Refused, unknown host, no route: no connection was made, as the HTTP loop's "connect".
      case UNAVAILABLE ->
          NetworkFailures.isUnreachable(status.getCause())
              ? ErrorKinds.CONNECT
              : ErrorKinds.CONNECTION;
      default -> ErrorKinds.grpc(status.getCode().name());
    };
  }
}
