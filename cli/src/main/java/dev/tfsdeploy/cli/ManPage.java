package dev.tfsdeploy.cli;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command's manual page in roff (man(7)), from the same picocli model as its usage help: name,
 * synopsis, description, options, arguments, subcommands and the help's footer as notes.
 */
final class ManPage {
  /** Synopsis lines are wrapped for a terminal of 80 columns less man's indentation. */
  static final int SYNOPSIS_WIDTH = 72;

  private final StringBuilder roff = new StringBuilder();

  private ManPage() {}

  /** Every command of the tree, the root first, each before its subcommands. */
  static List<CommandLine> commands(CommandLine root) {
    List<CommandLine> all = new ArrayList<>();
    all.add(root);
    root.getSubcommands().values().stream()
        .filter(sub -> !sub.getCommandSpec().usageMessage().hidden())
        .forEach(sub -> all.addAll(commands(sub)));
    return all.stream().distinct().toList();
  }

  /** {@code tfs-deploy-experiments-new.1}: the qualified name, as man(1) looks a page up. */
  static String fileName(CommandLine command) {
    return pageName(command.getCommandSpec()) + ".1";
  }

  static String render(CommandLine command, String version) {
    return new ManPage().page(command.getCommandSpec(), version).roff.toString();
  }

  private ManPage page(CommandSpec spec, String version) {
    String name = pageName(spec);
    line(
        ".TH \""
            + name.toUpperCase(Locale.ROOT)
            + "\" \"1\" \"\" \"tfs-deploy "
            + version
            + "\" \"tfs-deploy manual\"");
    line(".nh"); // options and paths are never hyphenated,
    line(".ad l"); // nor spread out to fill the line
    line(".SH NAME");
    line(escape(name + " - " + summary(spec)));
    line(".SH SYNOPSIS");
    line(".nf");
    synopsis(spec).lines().forEach(text -> line(escapeLine(text)));
    line(".fi");
    paragraphs(".SH DESCRIPTION", spec.usageMessage().description());
    List<PositionalParamSpec> positionals =
        spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    if (!positionals.isEmpty()) {
      line(".SH ARGUMENTS");
      positionals.forEach(
          parameter -> item("\\fI" + escape(parameter.paramLabel()) + "\\fR", parameter));
    }
    List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
    if (!options.isEmpty()) {
      line(".SH OPTIONS");
      options.forEach(option -> item(optionTerm(option), option));
    }
    List<CommandLine> subcommands =
        spec.subcommands().values().stream()
            .distinct()
            .filter(sub -> !sub.getCommandSpec().usageMessage().hidden())
            .toList();
    if (!subcommands.isEmpty()) {
      line(".SH COMMANDS");
      for (CommandLine sub : subcommands) {
        line(".TP");
        line("\\fB" + escape(sub.getCommandName()) + "\\fR");
        line(escape(summary(sub.getCommandSpec())));
      }
    }
    paragraphs(".SH NOTES", spec.usageMessage().footer());
    seeAlso(spec, subcommands);
    return this;
  }

  private void seeAlso(CommandSpec spec, List<CommandLine> subcommands) {
    List<String> related = new ArrayList<>();
    if (spec.parent() != null) {
      related.add(pageName(spec.parent()));
    }
    subcommands.forEach(sub -> related.add(pageName(sub.getCommandSpec())));
    if (!related.isEmpty()) {
      line(".SH SEE ALSO");
      line(
          String.join(
              ", ", related.stream().map(page -> "\\fB" + escape(page) + "\\fR(1)").toList()));
    }
  }

  /** Help's lines: a blank one separates paragraphs, an indented one is kept as written. */
  private void paragraphs(String heading, String[] lines) {
    List<String> text = new ArrayList<>();
    for (String value : lines) {
      text.addAll(List.of(formatted(value).split("\\R", -1))); // "" too: it separates paragraphs
    }
    while (!text.isEmpty() && text.get(text.size() - 1).isBlank()) {
      text.remove(text.size() - 1);
    }
    if (text.isEmpty()) {
      return;
    }
    line(heading);
    boolean verbatim = false;
    for (String value : text) {
      boolean indented = value.startsWith(" ");
      if (indented != verbatim) {
        line(indented ? ".nf" : ".fi");
        verbatim = indented;
      }
      line(value.isBlank() ? ".PP" : escapeLine(value));
    }
    if (verbatim) {
      line(".fi");
    }
  }

  private void item(String term, ArgSpec arg) {
    line(".TP");
    line(term);
    List<String> description = List.of(arg.description());
    line(escapeLine(formatted(String.join(" ", description)).strip()));
  }

  private static String optionTerm(OptionSpec option) {
    List<String> names =
        List.of(option.names()).stream().map(n -> "\\fB" + escape(n) + "\\fR").toList();
    String term = String.join(", ", names);
    return option.typeInfo().isBoolean() && option.arity().max() == 0
        ? term
        : term + "=\\fI" + escape(option.paramLabel()) + "\\fR";
  }

  private static String summary(CommandSpec spec) {
    String[] header = spec.usageMessage().header();
    String[] description = spec.usageMessage().description();
    String first = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    return formatted(first).strip();
  }

  /** picocli's synopsis without "Usage: " and without colours, at a fixed width. */
  private static String synopsis(CommandSpec spec) {
    Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
    int width = spec.usageMessage().width();
    boolean autoWidth = spec.usageMessage().autoWidth();
    spec.usageMessage().autoWidth(false).width(SYNOPSIS_WIDTH);
    try {
      return help.synopsis(0).stripTrailing();
    } finally {
      spec.usageMessage().width(width).autoWidth(autoWidth);
    }
  }

  private static String pageName(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  /** As picocli shows it: a help line is a format string (%n is a line break). */
  private static String formatted(String value) {
    try {
      return String.format(value);
    } catch (IllegalFormatException e) {
      return value;
    }
  }

  /** A text line: escaped, and never read as a roff request (a leading '.' or '''). */
  private static String escapeLine(String text) {
    String escaped = escape(text);
    return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
  }

  /**
   * Backslashes printed as such; '-' as the ASCII minus a user can copy into a shell; words longer
   * than a man page's line (an image pinned by digest) may break ({@code \:}, zero-width) after '@'
   * and every {@value #BREAK_EVERY} characters.
   */
  private static String escape(String text) {
    String marked =
        LONG_WORD
            .matcher(text)
            .replaceAll(word -> Matcher.quoteReplacement(breakPoints(word.group())));
    return marked.replace("\\", "\\e").replace("-", "\\-").replace(String.valueOf(BREAK), "\\:");
  }

  private static final int BREAK_EVERY = 40;
  private static final Pattern LONG_WORD = Pattern.compile("\\S{" + (BREAK_EVERY + 1) + ",}");

  /** Stands for a break point until the text is escaped: a character no help text holds. */
  private static final char BREAK = (char) 0;

  private static String breakPoints(String word) {
    StringBuilder marked = new StringBuilder();
    int sinceBreak = 0;
    for (char c : word.toCharArray()) {
      marked.append(c);
      sinceBreak++;
      if (c == '@' || sinceBreak == BREAK_EVERY) {
        marked.append(BREAK);
        sinceBreak = 0;
      }
    }
    return marked.toString();
  }

  private void line(String text) {
    roff.append(text).append('\n');
  }
}
