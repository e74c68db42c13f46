package dev.tfsdeploy.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An instant as people and scripts write one: seconds since the epoch ({@code date +%s}, fractions
 * allowed) or RFC 3339 ({@code 2026-01-02T03:04:05Z}, {@code 2026-01-02T04:04:05+01:00}).
 */
final class InstantConverter implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    String text = value.strip();
    if (text.matches("[0-9]+(\\.[0-9]+)?")) {
      BigDecimal seconds = new BigDecimal(text);
      return Instant.ofEpochSecond(
          seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not an instant: pass seconds since the epoch (date +%s) or RFC 3339, e.g."
              + " 2026-01-02T03:04:05Z");
    }
  }
}
