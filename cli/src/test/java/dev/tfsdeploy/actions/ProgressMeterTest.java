package dev.tfsdeploy.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    long millis;

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private Console console(boolean interactive) {
    return new Console(
        new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        new ActionsEnvironment(Map.of()),
        interactive);
  }

  @Test
  void printsAPeriodicLineInCiLogsNotOnEveryUpdate() {
    ManualClock clock = new ManualClock();
    ProgressMeter meter = new ProgressMeter(console(false), "model.tar.gz", 1024 * 1024, clock);
    meter.update(1000); // too soon: nothing
    clock.millis = 6_000;
    meter.update(512 * 1024);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("model.tar.gz: 512.0 KiB / 1.0 MiB (50%), 85.3 KiB/s\n");
  }

  @Test
  void redrawsABarInPlaceOnATerminal() {
    ManualClock clock = new ManualClock();
    ProgressMeter meter = new ProgressMeter(console(true), "model.tar.gz", 100, clock);
    clock.millis = 1_000;
    meter.finish(100);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("\rmodel.tar.gz [" + "#".repeat(30) + "] 100 B / 100 B")
        .endsWith("\n");
  }
}
