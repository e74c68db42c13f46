package dev.tfsdeploy.yaml;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scalar rules of the Go libraries behind kustomize: Go's integer syntax ({@code
 * strconv.ParseInt} with base 0), go-yaml's timestamp and YAML 1.1 typing (which decides when
 * kustomize quotes a string), and Go's shortest float formatting.
 */
public final class GoScalars {
  private static final Pattern FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern DOT_FLOAT = Pattern.compile("^\\.[0-9]+([eE][-+]?[0-9]+)?$");
  private static final Pattern BASE60_FLOAT =
      Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
              + "(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})|"
              + " ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\\.[0-9]+)?)?$");
  private static final Set<String> V2_KEYWORDS =
      Set.of(
          "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
          "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null",
          "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
          "-.inf", "-.Inf", "-.INF");
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private GoScalars() {}

  /** {@code strconv.ParseInt(s, 0, ...)} without the range check, or null if not an integer. */
  static BigInteger parseGoInteger(String s) {
    if (s.isEmpty()) {
      return null;
    }
    boolean negative = false;
    int i = 0;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    String body = s.substring(i);
    int radix = 10;
    if (body.length() > 1 && body.charAt(0) == '0') {
      char prefix = Character.toLowerCase(body.charAt(1));
      if (prefix == 'x' || prefix == 'o' || prefix == 'b') {
        radix = prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2;
        body = body.substring(2);
      } else {
        radix = 8;
        body = body.substring(1);
      }
    }
    if (body.isEmpty()) {
      return null;
    }
    for (int k = 0; k < body.length(); k++) {
      if (Character.digit(body.charAt(k), radix) < 0 || body.charAt(k) > 'z') {
        return null;
      }
    }
    BigInteger value = new BigInteger(body, radix);
    return negative ? value.negate() : value;
  }

  /** Whether go-yaml reads this unquoted text as a timestamp. */
  static boolean isTimestamp(String s) {
    Matcher m = TIMESTAMP.matcher(s);
    if (!m.matches()) {
      return false;
    }
    try {
      LocalDate.of(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (DateTimeException e) {
      return false;
    }
    String hour = m.group(4) != null ? m.group(4) : m.group(7);
    if (hour == null) {
      return true;
    }
    String minute = m.group(4) != null ? m.group(5) : m.group(8);
    String second = m.group(4) != null ? m.group(6) : m.group(9);
    return Integer.parseInt(hour) < 24
        && Integer.parseInt(minute) < 60
        && Integer.parseInt(second) < 60;
  }

  /**
   * Whether go-yaml v2 (which writes kustomize's output) would read this text, unquoted, as
   * something other than a string; such strings are written double-quoted.
   */
  static boolean needsQuotesInV2(String s) {
    if (BASE60_FLOAT.matcher(s).matches()) {
      return true;
    }
    if (s.isEmpty()) {
      return true;
    }
    char first = s.charAt(0);
    if ("yYnNtTfFoO~".indexOf(first) >= 0) {
      return V2_KEYWORDS.contains(s);
    }
    if (first == '.') {
      return V2_KEYWORDS.contains(s) || DOT_FLOAT.matcher(s).matches() && isFinite(s);
    }
    if (!(Character.isDigit(first) && first < 128 || first == '+' || first == '-')) {
      return false;
    }
    if (V2_KEYWORDS.contains(s)) {
      return true;
    }
    if (isTimestamp(s)) {
      return true;
    }
    String plain = s.replace("_", "");
    BigInteger integer = parseGoInteger(plain);
    if (integer != null
        && (integer.bitLength() < 64
            || integer.signum() > 0 && integer.compareTo(UINT64_MAX) <= 0)) {
      return true;
    }
    return FLOAT.matcher(plain).matches() && isFinite(plain);
  }

  private static boolean isFinite(String s) {
    return !Double.isInfinite(Double.parseDouble(s));
  }

  /**
   * A number as it comes out of kustomize: through JSON (an integral float becomes an int) and
   * go-yaml v2 ({@code strconv.FormatFloat(f, 'g', -1, 64)} for the rest).
   */
  static String formatNumber(Object number) {
    if (number instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) < 1e21) {
        BigInteger integer = new BigDecimal(d).toBigInteger();
        if (integer.bitLength() < 64
            || integer.signum() > 0 && integer.compareTo(UINT64_MAX) <= 0) {
          return integer.toString();
        }
      }
      return formatFloatG(d);
    }
    return number.toString();
  }

  /**
   * Whether {@code text}, read as {@code value}, is spelled other than Go prints that value ({@code
   * 0x1F}, {@code 1.0}, {@code True}); strings and nulls never are.
   */
  public static boolean isOddSpelling(Object value, String text) {
    return value != null && !(value instanceof String) && !text.equals(formatNumberOrBool(value));
  }

  /** A bool or number in kustomize's output. */
  public static String formatNumberOrBool(Object value) {
    return value instanceof Boolean ? value.toString() : formatNumber(value);
  }

  /** Go's {@code %g} with the shortest representation that reads back as the same double. */
  public static String formatFloatG(double d) {
    if (d == 0) {
      return "0";
    }
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = null;
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == d) {
        shortest = candidate;
        break;
      }
    }
    if (shortest == null) {
      shortest = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
    BigDecimal stripped = shortest.stripTrailingZeros();
    String digits = stripped.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - stripped.scale();
    String sign = d < 0 ? "-" : "";
    // Go uses %e when the exponent is < -4 or >= 6 (the precision it assumes for shortest output).
    if (exponent < -4 || exponent >= 6) {
      return sign + scientific(digits, exponent);
    }
    return sign + stripped.abs().toPlainString();
  }

  private static String scientific(String digits, int exponent) {
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.valueOf(Math.abs(exponent));
    return mantissa + "e" + (exponent < 0 ? "-" : "+") + (exp.length() < 2 ? "0" + exp : exp);
  }
}
