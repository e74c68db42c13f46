package dev.tfsdeploy.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Finds the highest open-loop rate a server holds within a p99 latency SLO and an error bound: it
 * doubles the rate from the start rate until a step breaks a bound (or halves it until one holds),
 * then bisects between the highest rate that held and the lowest that broke until they are within
 * the tolerance of each other. Every step is an open-loop run bounded by its duration and timeout;
 * a step that could overrun the search's time limit is not started, so the search ends by itself.
 */
public final class CapacitySearch {
  /** How far below the start rate the search looks for a rate that holds: 1/64 of it. */
  private static final int MAX_HALVINGS = 6;

  /** Runs one step's load; the service calls it with each step's spec. */
  @FunctionalInterface
  public interface StepRunner {
    Measurement run(LoadSpec spec);
  }

  /** Reports each step as it ends; the CLI prints it. */
  @FunctionalInterface
  public interface StepListener {
    StepListener NONE = step -> {};

    void stepEnded(CapacityStep step);
  }

  private final StepRunner runner;
  private final StepListener listener;
  private final LongSupplier nanoClock;

  public CapacitySearch(StepRunner runner, StepListener listener) {
    this(runner, listener, System::nanoTime);
  }

  CapacitySearch(StepRunner runner, StepListener listener, LongSupplier nanoClock) {
    this.runner = runner;
    this.listener = listener;
    this.nanoClock = nanoClock;
  }

  /** Runs the search against whatever the runner loads; {@code url} names it in the result. */
  public CapacityResult find(CapacityRequest request, String url) {
    return new Run(request, url).search();
  }

  /** One search's state: its steps, its deadline. */
  private final class Run {
    private final CapacityRequest request;
    private final String url;
    private final long deadline;
    private final List<CapacityStep> steps = new ArrayList<>();

    Run(CapacityRequest request, String url) {
      this.request = request;
      this.url = url;
      this.deadline = nanoClock.getAsLong() + request.timeLimit().toNanos();
    }

    CapacityResult search() {
      CapacityStep first = step(request.startRate());
      if (first == null) {
        return end(CapacityResult.Limit.TIME_LIMIT, null);
      }
      if (first.result().successes() == 0) {
        // Nothing answered at all (refused, wrong model): a wrong address, not a capacity.
        throw ResultReport.noSuccess(first.result());
      }
      return first.verdict() == CapacityStep.Verdict.HOLDS ? climb(first) : descend(first);
    }

    /** Doubles the rate from one that held until a step breaks a bound or the ceiling holds. */
    private CapacityResult climb(CapacityStep held) {
      CapacityStep holding = held;
      while (holding.rate() < request.maxRate()) {
        CapacityStep next = step(Math.min(request.maxRate(), holding.rate() * 2));
        if (next == null) {
          return end(CapacityResult.Limit.TIME_LIMIT, null);
        }
        if (next.verdict() != CapacityStep.Verdict.HOLDS) {
          return bisect(holding, next);
        }
        holding = next;
      }
      return end(CapacityResult.Limit.MAX_RATE, null);
    }

    /** Halves the rate from one that broke until a step holds, at most {@link #MAX_HALVINGS}. */
    private CapacityResult descend(CapacityStep broke) {
      CapacityStep broken = broke;
      for (int i = 0; i < MAX_HALVINGS; i++) {
        if (broken.verdict() == CapacityStep.Verdict.GENERATOR) {
          return end(CapacityResult.Limit.GENERATOR, null);
        }
        CapacityStep next = step(broken.rate() / 2);
        if (next == null) {
          return end(CapacityResult.Limit.TIME_LIMIT, null);
        }
        if (next.verdict() == CapacityStep.Verdict.HOLDS) {
          return bisect(next, broken);
        }
        broken = next;
      }
      return end(
          broken.verdict() == CapacityStep.Verdict.GENERATOR
              ? CapacityResult.Limit.GENERATOR
              : CapacityResult.Limit.START_RATE,
          null);
    }

    /** Narrows [held, broke] down to the tolerance. */
    private CapacityResult bisect(CapacityStep held, CapacityStep broke) {
      CapacityStep low = held;
      CapacityStep high = broke;
      while (high.verdict() != CapacityStep.Verdict.GENERATOR
          && high.rate() - low.rate() > request.tolerance() * low.rate()) {
        CapacityStep middle = step((low.rate() + high.rate()) / 2);
        if (middle == null) {
          return end(CapacityResult.Limit.TIME_LIMIT, null);
        }
        if (middle.verdict() == CapacityStep.Verdict.HOLDS) {
          low = middle;
        } else {
          high = middle;
        }
      }
      return switch (high.verdict()) {
        case GENERATOR -> end(CapacityResult.Limit.GENERATOR, null);
        case ERROR_RATE -> end(CapacityResult.Limit.ERROR_RATE, low);
        default -> end(CapacityResult.Limit.SLO_P99, low);
      };
    }

    /**
     * Runs a step at {@code rate}, or returns null when it could overrun the time limit. A step the
     * generator could not keep runs once more (both are kept): a moment's stall of a busy machine
     * should not end the search.
     */
    private CapacityStep step(double rate) {
      CapacityStep step = attempt(rate);
      if (step != null && step.verdict() == CapacityStep.Verdict.GENERATOR) {
        CapacityStep again = attempt(rate);
        return again == null ? step : again;
      }
      return step;
    }

    private CapacityStep attempt(double rate) {
      LoadSpec spec = request.step(rate, steps.isEmpty());
      Duration left = Duration.ofNanos(deadline - nanoClock.getAsLong());
      if (left.compareTo(spec.bound()) < 0) {
        return null;
      }
      Measurement measurement = runner.run(spec);
      CapacityStep step =
          new CapacityStep(rate, measurement, CapacityStep.judge(measurement, request));
      steps.add(step);
      listener.stepEnded(step);
      return step;
    }

    private CapacityResult end(CapacityResult.Limit limit, CapacityStep capacity) {
      return new CapacityResult(request, url, steps, limit, Optional.ofNullable(capacity));
    }
  }
}
