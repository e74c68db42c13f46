package dev.tfsdeploy.cli;

import dev.tfsdeploy.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations in flags, as {@link Durations} reads them: 90s, 1.5s, 10m, 1h30m, 500ms, or a bare
 * number of seconds.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
