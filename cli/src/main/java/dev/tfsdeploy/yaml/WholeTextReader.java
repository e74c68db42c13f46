package dev.tfsdeploy.yaml;

import java.io.Reader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * SnakeYAML's reader over a text held whole. SnakeYAML's own reader refills a 1 KiB buffer by
 * copying everything not yet consumed, so one long token (a 10 MB plain scalar) costs time
 * quadratic in its length; here every peek is an index into the code points.
 */
final class WholeTextReader extends StreamReader {
  private final String name;
  private final int[] text;
  private int pointer;
  private int index;
  private int documentIndex;
  private int line;
  private int column;

  WholeTextReader(String text, String name) {
    super(Reader.nullReader());
    this.name = name;
    this.text = text.codePoints().toArray();
    for (int i = 0; i < this.text.length; i++) {
      if (!isPrintable(this.text[i])) {
        throw new ReaderException(name, i, this.text[i], "special characters are not allowed");
      }
    }
  }

  @Override
  public Mark getMark() {
    return new Mark(name, index, line, column, text, pointer);
  }

  @Override
  public void forward() {
    forward(1);
  }

  @Override
  public void forward(int length) {
    for (int i = 0; i < length && pointer < text.length; i++) {
      int c = text[pointer++];
      index++;
      documentIndex++;
      boolean crAlone = c == '\r' && pointer < text.length && text[pointer] != '\n';
      if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029' || crAlone) {
        line++;
        column = 0;
      } else if (c != 0xFEFF) {
        column++;
      }
    }
  }

  @Override
  public int peek() {
    return peek(0);
  }

  @Override
  public int peek(int offset) {
    int at = pointer + offset;
    return at < text.length ? text[at] : '\0';
  }

  @Override
  public String prefix(int length) {
    return new String(text, pointer, Math.min(length, text.length - pointer));
  }

  /** The next {@code length} code points, consumed; the scanner calls it only within one line. */
  @Override
  public String prefixForward(int length) {
    String prefix = prefix(length);
    pointer += length;
    index += length;
    documentIndex += length;
    column += length;
    return prefix;
  }

  @Override
  public int getColumn() {
    return column;
  }

  @Override
  public int getDocumentIndex() {
    return documentIndex;
  }

  @Override
  public void resetDocumentIndex() {
    documentIndex = 0;
  }

  @Override
  public int getIndex() {
    return index;
  }

  @Override
  public int getLine() {
    return line;
  }
}
