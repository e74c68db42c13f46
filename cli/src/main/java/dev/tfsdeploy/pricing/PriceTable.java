package dev.tfsdeploy.pricing;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Hourly on-demand prices of GKE capacity: Standard nodes by machine type and region, custom
 * machine types by family, and Autopilot pods by vCPU and GiB. The jar ships one ({@link
 * #shipped()}, {@code gke-prices.txt} beside this class, which documents the format); {@code
 * --prices FILE} reads another in the same format. Every table says when it was read and where
 * from.
 *
 * @param origin the file, for messages
 */
public record PriceTable(
    String origin,
    String asOf,
    List<String> sources,
    Map<String, Double> machines,
    Map<String, Rates> custom,
    Map<String, Rates> autopilot) {
  static final String SHIPPED = "gke-prices.txt";

  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Pattern ZONE = Pattern.compile("([a-z]+-[a-z]+[0-9]+)-[a-z]");
  private static final String FORMAT =
      "write `machine REGION MACHINE_TYPE USD`, `custom REGION FAMILY USD_VCPU USD_GIB`,"
          + " `autopilot REGION USD_VCPU USD_GIB`, `as-of YYYY-MM-DD` or `source URL`"
          + " (docs/experiments.md#prices)";

  /** USD per vCPU-hour and per GiB-hour. */
  public record Rates(double perVcpuHour, double perGibHour) {
    public double hourly(double vcpus, double gib) {
      return vcpus * perVcpuHour + gib * perGibHour;
    }
  }

  public PriceTable {
    sources = List.copyOf(sources);
    machines = Map.copyOf(machines);
    custom = Map.copyOf(custom);
    autopilot = Map.copyOf(autopilot);
  }

  /** The table in the jar. */
  public static PriceTable shipped() {
    try (InputStream in = PriceTable.class.getResourceAsStream(SHIPPED)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + SHIPPED);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the shipped prices");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the shipped " + SHIPPED, e);
    }
  }

  /** A {@code --prices} file. */
  public static PriceTable read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new UserError("no prices file at " + file, "pass --prices with an existing file");
    } catch (IOException e) {
      throw new UserError(
          "cannot read prices file " + file + ": " + e.getMessage(),
          "check the file and its permissions");
    }
  }

  /** Parses the table's text; a bad line is an error naming {@code origin} and the line. */
  public static PriceTable parse(String text, String origin) {
    String asOf = null;
    List<String> sources = new ArrayList<>();
    Map<String, Double> machines = new LinkedHashMap<>();
    Map<String, Rates> custom = new LinkedHashMap<>();
    Map<String, Rates> autopilot = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Line line = new Line(origin, i + 1, lines[i]);
      if (line.fields.length == 0) {
        continue;
      }
      switch (line.fields[0]) {
        case "as-of" -> {
          line.expect(2);
          if (!DATE.matcher(line.fields[1]).matches()) {
            throw line.error("the date '" + line.fields[1] + "' is not YYYY-MM-DD");
          }
          if (asOf != null) {
            throw line.error("a second as-of date");
          }
          asOf = line.fields[1];
        }
        case "source" -> {
          line.expect(2);
          sources.add(line.fields[1]);
        }
        case "machine" -> {
          line.expect(4);
          line.unique(machines, key(line.fields[1], line.fields[2]), line.price(3));
        }
        case "custom" -> {
          line.expect(5);
          line.unique(
              custom, key(line.fields[1], line.fields[2]), new Rates(line.price(3), line.price(4)));
        }
        case "autopilot" -> {
          line.expect(4);
          line.unique(autopilot, line.fields[1], new Rates(line.price(2), line.price(3)));
        }
        default -> throw line.error("unknown entry '" + line.fields[0] + "'");
      }
    }
    if (asOf == null || sources.isEmpty()) {
      throw new UserError(
          origin + " does not say " + (asOf == null ? "when its prices were read" : "their source"),
          "add a line `as-of YYYY-MM-DD` and one `source URL` per source");
    }
    return new PriceTable(origin, asOf, sources, machines, custom, autopilot);
  }

  /** A region from a region or a zone: {@code us-central1-a} is priced as {@code us-central1}. */
  public static String region(String regionOrZone) {
    String trimmed = regionOrZone.trim();
    var zone = ZONE.matcher(trimmed);
    return zone.matches() ? zone.group(1) : trimmed;
  }

  /** USD per hour of one Standard node of a predefined machine type, if the table has it. */
  public Optional<Double> machine(String region, String machineType) {
    return Optional.ofNullable(machines.get(key(region, machineType)));
  }

  /** The rates of a custom machine family in a region, if the table has them. */
  public Optional<Rates> custom(String region, String family) {
    return Optional.ofNullable(custom.get(key(region, family)));
  }

  /** Autopilot's general-purpose rates in a region. */
  public Optional<Rates> autopilot(String region) {
    return Optional.ofNullable(autopilot.get(region));
  }

  /** Every region the table prices, for a hint. */
  public String regions() {
    TreeSet<String> regions = new TreeSet<>(autopilot.keySet());
    machines.keySet().forEach(k -> regions.add(k.substring(0, k.indexOf(' '))));
    custom.keySet().forEach(k -> regions.add(k.substring(0, k.indexOf(' '))));
    return String.join(", ", regions);
  }

  /** "the shipped prices (as of 2026-09-25, https://...)": where a price came from. */
  public String provenance() {
    return origin + " (as of " + asOf + ", " + String.join(", ", sources) + ")";
  }

  private static String key(String region, String name) {
    return region + " " + name;
  }

  /** One line of a price file, split into fields, with errors that name the file and line. */
  private static final class Line {
    final String origin;
    final int number;
    final String[] fields;

    Line(String origin, int number, String text) {
      this.origin = origin;
      this.number = number;
      int comment = text.indexOf('#');
      String content = (comment >= 0 ? text.substring(0, comment) : text).strip();
      this.fields = content.isEmpty() ? new String[0] : content.split("\\s+");
    }

    void expect(int count) {
      if (fields.length != count) {
        throw error(
            "'"
                + fields[0]
                + "' takes "
                + (count - 1)
                + " value(s), this line has "
                + (fields.length - 1));
      }
    }

    double price(int index) {
      String text = fields[index];
      double value;
      try {
        value = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw error("'" + text + "' is not a price in USD");
      }
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw error("'" + text + "' is not a price in USD");
      }
      return value;
    }

    <T> void unique(Map<String, T> into, String key, T value) {
      if (into.putIfAbsent(key, value) != null) {
        throw error("a second price for " + fields[0] + " " + key);
      }
    }

    UserError error(String problem) {
      return new UserError(origin + " line " + number + ": " + problem, FORMAT);
    }
  }
}
