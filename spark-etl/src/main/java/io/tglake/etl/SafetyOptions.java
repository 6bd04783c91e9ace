package io.tglake.etl;

import java.time.Duration;
import java.util.Objects;

/**
 * The ETL's data-safety knobs (part of {@link JobArgs}).
 *
 * @param maxRescuedFraction a day fails when rescued objects / objects read exceeds this (0..1): a
 *     value that does not fit its contract type is nulled in that object's row only, which is fine
 *     for a stray object but means a format change when it hits many ({@code
 *     --max-rescued-fraction})
 * @param leaseWait how long a run waits for another run of the same day to finish before giving up
 *     with exit code 3 ({@code --lease-wait SECONDS})
 * @param leaseTtl how long a day lease stays valid without renewal; the holder renews it every
 *     third of it, so a crashed run blocks the day for at most this long
 */
public record SafetyOptions(double maxRescuedFraction, Duration leaseWait, Duration leaseTtl) {

  /** Default for {@code --max-rescued-fraction}: the same bar as {@code --max-bad-fraction}. */
  public static final double DEFAULT_MAX_RESCUED_FRACTION = 0.05;

  /** Default for {@code --lease-wait}. */
  public static final Duration DEFAULT_LEASE_WAIT = Duration.ofSeconds(30);

  /** Default lease time-to-live (renewed every third of it while the run is alive). */
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofMinutes(10);

  /** The defaults. */
  public static final SafetyOptions DEFAULTS =
      new SafetyOptions(DEFAULT_MAX_RESCUED_FRACTION, DEFAULT_LEASE_WAIT, DEFAULT_LEASE_TTL);

  public SafetyOptions {
    Objects.requireNonNull(leaseWait, "leaseWait");
    Objects.requireNonNull(leaseTtl, "leaseTtl");
    if (!(maxRescuedFraction >= 0 && maxRescuedFraction <= 1)) {
      throw new IllegalArgumentException(
          "--max-rescued-fraction must be between 0 and 1, got " + maxRescuedFraction);
    }
    if (leaseWait.isNegative()) {
      throw new IllegalArgumentException("--lease-wait must be >= 0, got " + leaseWait);
    }
    if (leaseTtl.compareTo(Duration.ofSeconds(3)) < 0) {
      throw new IllegalArgumentException("lease TTL must be at least 3 s, got " + leaseTtl);
    }
  }

  public SafetyOptions withMaxRescuedFraction(double f) {
    return new SafetyOptions(f, leaseWait, leaseTtl);
  }

  public SafetyOptions withLeaseWait(Duration d) {
    return new SafetyOptions(maxRescuedFraction, d, leaseTtl);
  }

  public SafetyOptions withLeaseTtl(Duration d) {
    return new SafetyOptions(maxRescuedFraction, leaseWait, d);
  }
}
