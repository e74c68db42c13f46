package dev.tfsdeploy.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
  @TempDir Path dir;

  @Test
  void theShippedTableIsDatedAndNamesItsSources() {
    PriceTable shipped = PriceTable.shipped();

    assertThat(shipped.asOf()).isEqualTo("2026-09-25");
    assertThat(shipped.sources())
        .contains(
            "https://cloud.google.com/compute/vm-instance-pricing",
            "https://cloud.google.com/kubernetes-engine/pricing");
  }

  @Test
  void theShippedTablePricesTheMachinesTheExperimentsUse() {
    PriceTable shipped = PriceTable.shipped();

    // 2 vCPUs x $0.021811 + 8 GiB x $0.002923, Compute Engine's list price.
    assertThat(shipped.machine("us-central1", "e2-standard-2")).contains(0.067006);
    assertThat(shipped.machine("us-central1", "e2-standard-4")).contains(0.134012);
    assertThat(shipped.machine("us-central1", "e2-standard-8")).contains(0.268024);
    assertThat(shipped.machine("us-central1", "e2-highmem-8")).contains(0.36156);
    assertThat(shipped.machine("us-central1", "n2-standard-2")).contains(0.097118);
    assertThat(shipped.autopilot("us-central1")).contains(new PriceTable.Rates(0.0445, 0.0049225));
  }

  @Test
  void regionsItCouldNotConfirmAreLeftOut() {
    assertThat(PriceTable.shipped().machine("europe-west4", "e2-standard-2")).isEmpty();
    assertThat(PriceTable.shipped().custom("us-central1", "e2")).isEmpty();
  }

  @Test
  void aZoneIsPricedAsItsRegion() {
    assertThat(PriceTable.region("us-central1-a")).isEqualTo("us-central1");
    assertThat(PriceTable.region("europe-west4")).isEqualTo("europe-west4");
  }

  @Test
  void aPricesFileInTheSameFormatIsRead() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("prices.txt"),
            """
            # negotiated
            as-of 2026-11-01
            source https://example.com/contract
            machine europe-west4 e2-standard-2 0.05   # per node
            custom europe-west4 e2 0.02 0.003
            autopilot europe-west4 0.04 0.0045
            """);

    PriceTable table = PriceTable.read(file);

    assertThat(table.machine("europe-west4", "e2-standard-2")).contains(0.05);
    assertThat(table.custom("europe-west4", "e2")).contains(new PriceTable.Rates(0.02, 0.003));
    assertThat(table.provenance())
        .isEqualTo(file + " (as of 2026-11-01, https://example.com/contract)");
  }

  @Test
  void aBadPriceIsAOneLineErrorNamingTheFileAndLine() {
    assertThatThrownBy(
            () -> parse("as-of 2026-11-01\nsource s\nmachine us-central1 e2-standard-2 cheap\n"))
        .isInstanceOf(UserError.class)
        .hasMessage("prices.txt line 3: 'cheap' is not a price in USD");
  }

  @Test
  void aLineWithTheWrongNumberOfValuesNamesTheEntry() {
    assertThatThrownBy(() -> parse("as-of 2026-11-01\nsource s\n\nautopilot us-central1 0.04\n"))
        .hasMessage("prices.txt line 4: 'autopilot' takes 3 value(s), this line has 2");
  }

  @Test
  void anUnknownEntryIsRefused() {
    assertThatThrownBy(() -> parse("as-of 2026-11-01\nsource s\nspot us-central1 x 1\n"))
        .hasMessage("prices.txt line 3: unknown entry 'spot'");
  }

  @Test
  void aSecondPriceForTheSameMachineIsRefused() {
    assertThatThrownBy(() -> parse("as-of 2026-11-01\nsource s\nmachine r m 1\nmachine r m 2\n"))
        .hasMessage("prices.txt line 4: a second price for machine r m");
  }

  @Test
  void aTableMustSayWhenAndWhereItsPricesCameFrom() {
    assertThatThrownBy(() -> parse("source s\nmachine r m 1\n"))
        .hasMessage("prices.txt does not say when its prices were read");
    assertThatThrownBy(() -> parse("as-of 2026-11-01\nmachine r m 1\n"))
        .hasMessage("prices.txt does not say their source");
    assertThatThrownBy(() -> parse("as-of 1 Nov 2026\n"))
        .hasMessage("prices.txt line 1: 'as-of' takes 1 value(s), this line has 3");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> PriceTable.read(dir.resolve("none.txt")))
        .hasMessage("no prices file at " + dir.resolve("none.txt"));
  }

  private static PriceTable parse(String text) {
    return PriceTable.parse(text, "prices.txt");
  }
}
