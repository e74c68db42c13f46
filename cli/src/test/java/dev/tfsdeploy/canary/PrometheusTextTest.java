package dev.tfsdeploy.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.canary.PrometheusText.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  @Test
  void readsNameLabelsAndValueAndSkipsCommentLines() {
    List<Sample> samples =
        PrometheusText.parse(
            "# HELP x help text\n# TYPE x counter\nx{a=\"1\",b=\"two\"} 42\n\ny 3.5 1700000000\n");

    assertThat(samples)
        .containsExactly(
            new Sample("x", Map.of("a", "1", "b", "two"), 42), new Sample("y", Map.of(), 3.5));
  }

  @Test
  void unescapesBackslashQuoteAndNewlineInLabelValues() {
    Sample sample = PrometheusText.parse("m{path=\"C:\\\\m\\\"odel\\\"\\nx\"} 1").get(0);

    assertThat(sample.label("path")).isEqualTo("C:\\m\"odel\"\nx");
  }

  @Test
  void readsEmptyLabelBracesAsTfServingWritesThem() {
    assertThat(PrometheusText.parse(":tensorflow:core:graph_runs{} 1213").get(0))
        .isEqualTo(new Sample(":tensorflow:core:graph_runs", Map.of(), 1213));
  }

  @Test
  void readsInfinityAndScientificNotation() {
    List<Sample> samples = PrometheusText.parse("a +Inf\nb 1.44209e+09\nc -Inf");

    assertThat(samples)
        .extracting(Sample::value)
        .containsExactly(Double.POSITIVE_INFINITY, 1.44209e9, Double.NEGATIVE_INFINITY);
  }

  @Test
  void aMissingLabelReadsAsEmptyAsPrometheusTreatsIt() {
    assertThat(PrometheusText.parse("a{b=\"c\"} 1").get(0).label("status")).isEmpty();
  }

  @Test
  void aLineThatIsNotASampleNamesItsLineNumber() {
    assertThatThrownBy(() -> PrometheusText.parse("a 1\n<html>oops</html>\n"))
        .isInstanceOf(MalformedMetricsException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void anUnterminatedLabelValueIsRefused() {
    assertThatThrownBy(() -> PrometheusText.parse("a{b=\"c} 1"))
        .isInstanceOf(MalformedMetricsException.class)
        .hasMessageContaining("line 1");
  }

  @Test
  void aValueThatIsNotANumberIsRefused() {
    assertThatThrownBy(() -> PrometheusText.parse("a{b=\"c\"} many"))
        .isInstanceOf(MalformedMetricsException.class)
        .hasMessageContaining("'many' is not a number");
  }
}
