package io.tglake.etl;

import io.tglake.etl.lease.DayLease;
import java.util.Objects;

/**
 * A day rebuilt by an erasure ({@code forget}) rather than by the daily run.
 *
 * @param lease the day's lease, taken by the erasure before it read the day and held across its
 *     delete and rebuild; the ETL writes under it and does not release it
 * @param objectsErased raw objects the erasure removed from the day: the quality gate counts them
 *     in its denominators, so it judges the day as it was before the erasure (see docs/privacy.md)
 */
public record ErasureRebuild(DayLease lease, long objectsErased) {

  public ErasureRebuild {
    Objects.requireNonNull(lease, "lease");
    if (objectsErased < 0) {
      throw new IllegalArgumentException("objectsErased must be >= 0, got " + objectsErased);
    }
  }
}
