package dev.tfsdeploy.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's usage help with lines broken at spaces only. picocli wraps where {@link
 * java.text.BreakIterator} allows, which is also after '.', ':' and '/': host names and URLs split
 * mid-word ("REGION-docker.pkg." / "dev/PROJECT"), at a place that moves with the terminal's width.
 */
final class SpaceWrappingHelp extends Help {

  SpaceWrappingHelp(CommandSpec spec, ColorScheme colorScheme) {
    super(spec, colorScheme);
  }

  @Override
  public Layout createDefaultLayout(
      List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
    Layout layout = super.createDefaultLayout(options, positionals, scheme);
    return new Layout(
        scheme,
        SpaceWrappingTable.like(layout.textTable(), scheme),
        layout.optionRenderer(),
        layout.parameterRenderer());
  }

  @Override
  public TextTable createTextTable(Map<?, ?> map) {
    return SpaceWrappingTable.like(super.createTextTable(map), colorScheme());
  }

  @Override
  public String header(Object... params) {
    return lines(commandSpec().usageMessage().header(), params);
  }

  @Override
  public String description(Object... params) {
    return lines(commandSpec().usageMessage().description(), params);
  }

  @Override
  public String footer(Object... params) {
    return lines(commandSpec().usageMessage().footer(), params);
  }

  /** As picocli joins a section's lines: each one formatted, then wrapped to the help's width. */
  private String lines(String[] values, Object... params) {
    TextTable table =
        new SpaceWrappingTable(
            colorScheme(),
            new Column(commandSpec().usageMessage().width(), 0, Column.Overflow.WRAP));
    table.indentWrappedLines = 0;
    for (String value : values) {
      table.addRowValues(colorScheme().text(String.format(value, params)));
    }
    return table.toString();
  }

  /**
   * A text table whose wrapping columns break lines at spaces, never inside a word that fits a
   * line.
   */
  static final class SpaceWrappingTable extends TextTable {
    private final ColorScheme scheme;

    SpaceWrappingTable(ColorScheme scheme, Column... columns) {
      super(scheme, columns);
      this.scheme = scheme;
    }

    static TextTable like(TextTable original, ColorScheme scheme) {
      SpaceWrappingTable table = new SpaceWrappingTable(scheme, original.columns());
      table.indentWrappedLines = original.indentWrappedLines;
      table.setAdjustLineBreaksForWideCJKCharacters(
          original.isAdjustLineBreaksForWideCJKCharacters());
      return table;
    }

    @Override
    public Cell putValue(int row, int col, Ansi.Text value) {
      Column column = columns()[col];
      if (column.overflow != Column.Overflow.WRAP) {
        return super.putValue(row, col, value);
      }
      Cell cell = null;
      int room = column.width - column.indent;
      for (Ansi.Text line : value.splitLines()) {
        String plain = line.plainString();
        int start = 0;
        do {
          int end = lineEnd(plain, start, room);
          Ansi.Text piece = line.substring(start, end);
          if (cell == null) {
            cell = super.putValue(row, col, piece);
            room -= indentWrappedLines;
          } else {
            addEmptyRow();
            cell =
                super.putValue(
                    rowCount() - 1, col, scheme.text(" ".repeat(indentWrappedLines)).concat(piece));
          }
          start = end;
          while (start < plain.length() && plain.charAt(start) == ' ') {
            start++;
          }
        } while (start < plain.length());
      }
      return cell == null ? super.putValue(row, col, value) : cell;
    }

    /**
     * Where the line that starts at {@code start} ends: the last space that fits, else a hard cut.
     */
    private static int lineEnd(String plain, int start, int room) {
      if (plain.length() - start <= room) {
        return plain.length();
      }
      int space = plain.lastIndexOf(' ', start + room);
      while (space > start && plain.charAt(space - 1) == ' ') {
        space--;
      }
      return space > start ? space : start + Math.max(room, 1);
    }
  }
}
