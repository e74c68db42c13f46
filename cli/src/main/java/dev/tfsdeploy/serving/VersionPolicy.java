package dev.tfsdeploy.serving;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.VersionNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which versions of a model TF Serving serves at once: its {@code ServableVersionPolicy}. Written
 * on the command line as {@code latest:N}, {@code all} or {@code specific:V,V...}.
 */
public sealed interface VersionPolicy {
  /** The syntax, quoted by every refusal of a policy. */
  String SYNTAX = "latest:N (N at least 1), all, or specific:V[,V...] (version numbers)";

  /** TF Serving's default: the newest version alone. */
  VersionPolicy DEFAULT = new Latest(1);

  /** The versions this policy serves of a model holding {@code versions}. */
  SortedSet<Long> served(SortedSet<Long> versions);

  /** The policy as the command line writes it. */
  String describe();

  /** The newest {@code count} versions. */
  record Latest(long count) implements VersionPolicy {
    public Latest {
      if (count < 1 || count > 0xFFFF_FFFFL) {
        throw new UserError(
            "version policy latest:" + count + " serves no version",
            "write latest:N with N at least 1 (latest:1 is TF Serving's default)");
      }
    }

    @Override
    public SortedSet<Long> served(SortedSet<Long> versions) {
      SortedSet<Long> newest = new TreeSet<>();
      for (Long version : new TreeSet<>(versions).descendingSet()) {
        if (newest.size() == count) {
          break;
        }
        newest.add(version);
      }
      return newest;
    }

    @Override
    public String describe() {
      return "latest:" + count;
    }
  }

  /** Every version the model holds. */
  record All() implements VersionPolicy {
    @Override
    public SortedSet<Long> served(SortedSet<Long> versions) {
      return new TreeSet<>(versions);
    }

    @Override
    public String describe() {
      return "all";
    }
  }

  /** These versions, each of which must exist. */
  record Specific(SortedSet<Long> versions) implements VersionPolicy {
    public Specific {
      if (versions.isEmpty()) {
        throw new UserError(
            "version policy specific names no version",
            "write specific:V[,V...], e.g. specific:1,3");
      }
      versions = new TreeSet<>(versions);
    }

    @Override
    public SortedSet<Long> served(SortedSet<Long> present) {
      return new TreeSet<>(versions);
    }

    @Override
    public String describe() {
      return "specific:" + join(versions);
    }
  }

  /** Parses {@code latest:N}, {@code latest} (one), {@code all} or {@code specific:V,V}. */
  static VersionPolicy parse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    int colon = value.indexOf(':');
    String kind = colon < 0 ? value : value.substring(0, colon);
    String argument = colon < 0 ? "" : value.substring(colon + 1).strip();
    switch (kind) {
      case "all" -> {
        if (colon < 0) {
          return new All();
        }
      }
      case "latest" -> {
        if (colon < 0) {
          return DEFAULT;
        }
        OptionalLong count = VersionNames.parse(argument);
        if (count.isPresent()) {
          return new Latest(count.getAsLong());
        }
      }
      case "specific" -> {
        List<Long> versions = new ArrayList<>();
        for (String version : argument.split(",", -1)) {
          OptionalLong number = VersionNames.parse(version.strip());
          if (number.isEmpty()) {
            throw new UserError(
                "version policy '" + text + "': '" + version.strip() + "' is not a version number",
                "write specific:V[,V...] with the model's version numbers, e.g. specific:1,3");
          }
          versions.add(number.getAsLong());
        }
        return new Specific(new TreeSet<>(versions));
      }
      default -> {}
    }
    throw new UserError("'" + text + "' is not a version policy", "write " + SYNTAX);
  }

  /** {@code 1,3,7}. */
  static String join(Collection<Long> versions) {
    return String.join(",", versions.stream().map(String::valueOf).toList());
  }
}
