package dev.tfsdeploy.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Expected values are Go's: strconv.ParseInt(s, 0, 64), strconv.FormatFloat(f, 'g', -1, 64),
 * go-yaml v2.
 */
class GoScalarsTest {
  @Test
  void integersTakeGosBasePrefixes() {
    assertThat(GoScalars.parseGoInteger("0x1F")).isEqualTo(BigInteger.valueOf(31));
    assertThat(GoScalars.parseGoInteger("0o17")).isEqualTo(BigInteger.valueOf(15));
    assertThat(GoScalars.parseGoInteger("0b101")).isEqualTo(BigInteger.valueOf(5));
    assertThat(GoScalars.parseGoInteger("-017")).isEqualTo(BigInteger.valueOf(-15));
  }

  @Test
  void aLeadingZeroMeansOctalSoEightIsNotADigit() {
    assertThat(GoScalars.parseGoInteger("08")).isNull();
  }

  @Test
  void floatsAreWrittenInGosShortestForm() {
    assertThat(GoScalars.formatFloatG(0.1)).isEqualTo("0.1");
    assertThat(GoScalars.formatFloatG(123456.5)).isEqualTo("123456.5");
    assertThat(GoScalars.formatFloatG(0.0001)).isEqualTo("0.0001");
  }

  @Test
  void floatsSwitchToAnExponentBelowMinusFourOrFromSix() {
    assertThat(GoScalars.formatFloatG(0.00001)).isEqualTo("1e-05");
    assertThat(GoScalars.formatFloatG(1500000.5)).isEqualTo("1.5000005e+06");
    assertThat(GoScalars.formatFloatG(-2.5e21)).isEqualTo("-2.5e+21");
  }

  @Test
  void anIntegralFloatComesOutAsAnIntegerAsThroughJson() {
    assertThat(GoScalars.formatNumberOrBool(3.0)).isEqualTo("3");
    assertThat(GoScalars.formatNumberOrBool(1e21)).isEqualTo("1e+21");
  }

  @Test
  void stringsGoYamlV2ReadsAsOtherTypesNeedQuotes() {
    assertThat(GoScalars.needsQuotesInV2("yes")).isTrue();
    assertThat(GoScalars.needsQuotesInV2("1_000")).isTrue();
    assertThat(GoScalars.needsQuotesInV2("1:20")).isTrue();
    assertThat(GoScalars.needsQuotesInV2(".5")).isTrue();
    assertThat(GoScalars.needsQuotesInV2("2001-12-14")).isTrue();
  }

  @Test
  void otherStringsNeedNoQuotes() {
    assertThat(GoScalars.needsQuotesInV2("yes please")).isFalse();
    assertThat(GoScalars.needsQuotesInV2("v1.2.3")).isFalse();
    assertThat(GoScalars.needsQuotesInV2("1.2.3")).isFalse();
  }

  @Test
  void aNumberSpelledOtherThanGoPrintsItIsOdd() {
    assertThat(GoScalars.isOddSpelling(31L, "0x1F")).isTrue();
    assertThat(GoScalars.isOddSpelling(1.0, "1.0")).isTrue();
    assertThat(GoScalars.isOddSpelling(31L, "31")).isFalse();
    assertThat(GoScalars.isOddSpelling("0x1F", "0x1F")).isFalse();
  }
}
