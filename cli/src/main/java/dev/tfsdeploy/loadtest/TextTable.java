package dev.tfsdeploy.loadtest;

import java.util.ArrayList;
import java.util.List;

/** Rows of cells printed as aligned text columns or as a Markdown table. */
public final class TextTable {
  private final List<List<String>> rows = new ArrayList<>();
  private final boolean[] rightAligned;

  /**
   * @param header the first row; columns named in {@code numeric} are right-aligned
   */
  public TextTable(List<String> header, int... numericColumns) {
    rows.add(List.copyOf(header));
    rightAligned = new boolean[header.size()];
    for (int column : numericColumns) {
      rightAligned[column] = true;
    }
  }

  public TextTable add(List<String> row) {
    if (row.size() != rightAligned.length) {
      throw new IllegalArgumentException(
          "a row has " + row.size() + " cells, the header " + rightAligned.length);
    }
    rows.add(List.copyOf(row));
    return this;
  }

  /** Columns separated by two spaces, without trailing blanks. */
  public String text() {
    int[] widths = new int[rightAligned.length];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        String pad = " ".repeat(widths[i] - cell.length());
        line.append(rightAligned[i] ? pad + cell : cell + pad)
            .append(i < row.size() - 1 ? "  " : "");
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** A GitHub-flavoured Markdown table (pipes in cells escaped). */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      out.append('|');
      for (String cell : rows.get(r)) {
        out.append(' ').append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
      }
      out.append('\n');
      if (r == 0) {
        out.append('|');
        for (boolean right : rightAligned) {
          out.append(right ? " ---: |" : " --- |");
        }
        out.append('\n');
      }
    }
    return out.toString();
  }
}
