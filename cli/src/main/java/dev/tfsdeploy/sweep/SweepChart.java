package dev.tfsdeploy.sweep;

import dev.tfsdeploy.loadtest.ResultReport;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The sweep's chart as SVG, drawn here (no browser, no network): on the left, each experiment's p99
 * latency against the offered rate of its capacity search's steps (one line per experiment, the SLO
 * dashed); on the right, the ranked experiments' USD per million requests at capacity (bars).
 */
final class SweepChart {
  private static final String[] COLOURS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf"
  };
  private static final int WIDTH = 1000;
  private static final int PLOT_TOP = 50;
  private static final int PLOT_HEIGHT = 300;
  private static final int LEFT_X = 70;
  private static final int LEFT_WIDTH = 440;
  private static final int RIGHT_X = 600;
  private static final int RIGHT_WIDTH = 360;

  private final SweepResult result;

  SweepChart(SweepResult result) {
    this.result = result;
  }

  /** A point of a series: an offered rate and the p99 measured at it. */
  private record Point(double rate, double p99) {}

  String svg() {
    List<ExperimentOutcome> measured =
        result.outcomes().stream().filter(o -> !points(o).isEmpty()).toList();
    int legendRows = Math.max(1, measured.size());
    int height = PLOT_TOP + PLOT_HEIGHT + 50 + 18 * legendRows;
    StringBuilder svg = new StringBuilder();
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    latency(svg, measured);
    cost(svg);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private void latency(StringBuilder svg, List<ExperimentOutcome> measured) {
    double slo = result.request().capacity().sloP99().toNanos() / 1e6;
    double maxRate =
        measured.stream().flatMap(o -> points(o).stream()).mapToDouble(Point::rate).max().orElse(1)
            * 1.05;
    // Overloaded steps' p99 can be many times the SLO: the axis stops at 3 x SLO, points above
    // are drawn at its top.
    double maxMs =
        Math.min(
            3 * slo,
            Math.max(
                1.2 * slo,
                measured.stream()
                        .flatMap(o -> points(o).stream())
                        .mapToDouble(Point::p99)
                        .max()
                        .orElse(slo)
                    * 1.05));
    title(svg, LEFT_X, "p99 latency (ms) against offered rate (requests/s)");
    axes(svg, LEFT_X, LEFT_WIDTH, maxRate, maxMs);
    double sloY = y(slo, maxMs);
    svg.append(
        String.format(
            Locale.ROOT,
            "<line class=\"slo\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d62728\""
                + " stroke-dasharray=\"6 4\"/>\n<text x=\"%d\" y=\"%.1f\" fill=\"#d62728\">SLO %s"
                + " ms</text>\n",
            LEFT_X,
            sloY,
            LEFT_X + LEFT_WIDTH,
            sloY,
            LEFT_X + LEFT_WIDTH - 90,
            sloY - 4,
            ResultReport.fixed(slo, slo >= 10 ? 0 : 1)));
    int index = 0;
    for (ExperimentOutcome outcome : measured) {
      String colour = COLOURS[index % COLOURS.length];
      svg.append("<g class=\"series\" data-experiment=\"")
          .append(escape(outcome.experiment()))
          .append("\">\n<polyline fill=\"none\" stroke=\"")
          .append(colour)
          .append("\" stroke-width=\"2\" points=\"");
      StringBuilder circles = new StringBuilder();
      for (Point point : points(outcome)) {
        double px = LEFT_X + point.rate() / maxRate * LEFT_WIDTH;
        double py = y(Math.min(point.p99(), maxMs), maxMs);
        svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        circles.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s: %s requests/s,"
                    + " p99 %s ms</title></circle>\n",
                px,
                py,
                colour,
                escape(outcome.experiment()),
                ResultReport.fixed(point.rate(), 1),
                ResultReport.fixed(point.p99(), 2)));
      }
      svg.append("\"/>\n").append(circles).append("</g>\n");
      int legendY = PLOT_TOP + PLOT_HEIGHT + 45 + 18 * index;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\""
                  + " y=\"%d\">%s</text>\n",
              LEFT_X,
              legendY - 10,
              colour,
              LEFT_X + 18,
              legendY,
              escape(outcome.experiment())));
      index++;
    }
  }

  private void cost(StringBuilder svg) {
    title(svg, RIGHT_X, "USD per million requests at capacity");
    List<ExperimentOutcome> ranking = result.ranking();
    if (ranking.isEmpty()) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\">No experiment met the SLO.</text>\n",
              RIGHT_X,
              PLOT_TOP + 20));
      return;
    }
    double max =
        ranking.stream().mapToDouble(o -> o.costPerMillion().orElseThrow()).max().orElse(1);
    double row = Math.min(40, (double) PLOT_HEIGHT / ranking.size());
    int index = 0;
    for (ExperimentOutcome outcome : ranking) {
      double cost = outcome.costPerMillion().orElseThrow();
      double top = PLOT_TOP + index * row;
      double length = Math.max(1, cost / max * (RIGHT_WIDTH - 80));
      svg.append(
          String.format(
              Locale.ROOT,
              "<g class=\"bar\" data-experiment=\"%s\"><text x=\"%d\" y=\"%.1f\">%d. %s</text>"
                  + "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>"
                  + "<text x=\"%.1f\" y=\"%.1f\">%s</text></g>\n",
              escape(outcome.experiment()),
              RIGHT_X,
              top + 11,
              index + 1,
              escape(outcome.experiment()),
              RIGHT_X,
              top + 14,
              length,
              row * 0.4,
              colourOf(outcome),
              RIGHT_X + length + 4,
              top + 14 + row * 0.4 - 2,
              SweepResult.usd(cost)));
      index++;
    }
  }

  /** An experiment's colour: the same as its line's. */
  private String colourOf(ExperimentOutcome outcome) {
    List<ExperimentOutcome> measured =
        result.outcomes().stream().filter(o -> !points(o).isEmpty()).toList();
    return COLOURS[Math.max(0, measured.indexOf(outcome)) % COLOURS.length];
  }

  private static void title(StringBuilder svg, int x, String text) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>\n",
            x,
            PLOT_TOP - 20,
            escape(text)));
  }

  private static void axes(StringBuilder svg, int x, int width, double maxX, double maxY) {
    int bottom = PLOT_TOP + PLOT_HEIGHT;
    svg.append(
        String.format(
            Locale.ROOT,
            "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"black\"/>\n",
            x,
            PLOT_TOP,
            bottom,
            x + width));
    for (int tick = 0; tick <= 4; tick++) {
      double share = tick / 4.0;
      double tx = x + share * width;
      double ty = bottom - share * PLOT_HEIGHT;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
              tx,
              bottom + 16,
              ResultReport.fixed(share * maxX, 0),
              x - 6,
              ty + 4,
              ResultReport.fixed(share * maxY, maxY >= 10 ? 0 : 1)));
    }
  }

  private static double y(double ms, double maxMs) {
    return PLOT_TOP + PLOT_HEIGHT - ms / maxMs * PLOT_HEIGHT;
  }

  /** The steps that measured a p99 (some request succeeded), by rate. */
  private static List<Point> points(ExperimentOutcome outcome) {
    if (outcome.search() == null) {
      return List.of();
    }
    return outcome.search().steps().stream()
        .filter(step -> step.result().successes() > 0)
        .map(step -> new Point(step.rate(), step.result().latency().p99()))
        .sorted(Comparator.comparingDouble(Point::rate))
        .toList();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
