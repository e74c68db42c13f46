package dev.tfsdeploy.sizing;

import dev.tfsdeploy.UserError;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * CPU in millicores and memory in bytes: what a pod requests, or what a node offers. Quantities are
 * read with Fabric8's {@link Quantity}, the Kubernetes grammar ("1500m", "2", "12Gi", "16G").
 */
public record PodResources(long cpuMillis, long memoryBytes) {
  public static final long MIB = 1024L * 1024;
  public static final long GIB = 1024 * MIB;

  public static final PodResources NONE = new PodResources(0, 0);

  /** Parses a CPU and a memory quantity; {@code what} names them in an error. */
  public static PodResources parse(String cpu, String memory, String what) {
    return new PodResources(millicores(cpu, what), bytes(memory, what));
  }

  /** A CPU quantity in millicores, rounded up (the scheduler counts whole millicores). */
  public static long millicores(String cpu, String what) {
    return amount(cpu, what, "cpu").movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
  }

  /** A memory quantity in bytes. */
  public static long bytes(String memory, String what) {
    return amount(memory, what, "memory").setScale(0, RoundingMode.CEILING).longValue();
  }

  private static BigDecimal amount(String quantity, String what, String resource) {
    if (quantity == null || quantity.isBlank()) {
      return BigDecimal.ZERO;
    }
    try {
      return Quantity.getAmountInBytes(new Quantity(quantity.trim()));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UserError(
          what + " has an invalid " + resource + " quantity '" + quantity + "'",
          "use a Kubernetes quantity such as 1500m or 2 (cpu), 512Mi or 4Gi (memory)");
    }
  }

  public PodResources plus(PodResources other) {
    return new PodResources(cpuMillis + other.cpuMillis, memoryBytes + other.memoryBytes);
  }

  public PodResources minus(PodResources other) {
    return new PodResources(cpuMillis - other.cpuMillis, memoryBytes - other.memoryBytes);
  }

  public PodResources times(long count) {
    return new PodResources(cpuMillis * count, memoryBytes * count);
  }

  /** Whether a pod asking {@code this} fits into {@code offered}. */
  public boolean fitsIn(PodResources offered) {
    return cpuMillis <= offered.cpuMillis && memoryBytes <= offered.memoryBytes;
  }

  /** How many pods of this size fit into {@code offered} side by side (0 when none does). */
  public long howManyFitIn(PodResources offered) {
    long byCpu = cpuMillis == 0 ? Long.MAX_VALUE : offered.cpuMillis / cpuMillis;
    long byMemory = memoryBytes == 0 ? Long.MAX_VALUE : offered.memoryBytes / memoryBytes;
    return Math.max(0, Math.min(byCpu, byMemory));
  }

  public double vcpus() {
    return cpuMillis / 1000.0;
  }

  public double memoryGib() {
    return (double) memoryBytes / GIB;
  }

  /** For people: "7.5 vCPU and 12Gi". */
  @Override
  public String toString() {
    return vcpuText() + " vCPU and " + memoryText();
  }

  /** "7.5", "8", "1.93": vCPUs without trailing zeros. */
  public String vcpuText() {
    return BigDecimal.valueOf(cpuMillis, 3).stripTrailingZeros().toPlainString();
  }

  /** "12Gi", "2.9Gi", "640Mi": memory in the unit Kubernetes users read. */
  public String memoryText() {
    if (memoryBytes >= GIB) {
      BigDecimal gib =
          BigDecimal.valueOf(memoryBytes)
              .divide(BigDecimal.valueOf(GIB), 1, RoundingMode.DOWN)
              .stripTrailingZeros();
      return gib.toPlainString() + "Gi";
    }
    return String.format(Locale.ROOT, "%dMi", memoryBytes / MIB);
  }
}
