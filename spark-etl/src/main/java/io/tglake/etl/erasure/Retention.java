package io.tglake.etl.erasure;

import io.tglake.contract.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Retention for a local lake: removes day partitions ({@link LakeLayout#dayDir}) older than a
 * cutoff — the raw layer's and, in the enriched root, those of every table, {@code _quarantine} and
 * {@code _runs}. On S3 the same is done by the stack's lifecycle rules. Erasure audits ({@code
 * _privacy/}) are not day-partitioned and stay.
 *
 * <p>A partition of day D is kept while {@code D >= today - days}: with {@code days = 400} on
 * 2026-12-01 the oldest kept day is 2025-10-27.
 */
public final class Retention {

  /** Default raw retention in days. */
  public static final int DEFAULT_RAW_DAYS = 400;

  /**
   * Default enriched retention in days: the same as raw. Never longer — erasure rebuilds enriched
   * days from raw, and an enriched day whose raw day has expired could not be rebuilt.
   */
  public static final int DEFAULT_ENRICHED_DAYS = 400;

  private Retention() {}

  /** Oldest day kept for a retention of {@code days} days on {@code today}. */
  public static LocalDate oldestKept(LocalDate today, int days) {
    return today.minusDays(days);
  }

  /** The raw partitions older than the cutoff, sorted. */
  public static List<Path> expiredRaw(Path raw, LocalDate oldestKept) throws IOException {
    return expiredIn(raw, oldestKept);
  }

  /**
   * The enriched partitions (every folder of the root: tables, _quarantine, _runs) older than the
   * cutoff.
   */
  public static List<Path> expiredEnriched(Path enriched, LocalDate oldestKept) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(enriched)) {
      return out;
    }
    try (Stream<Path> tables = Files.list(enriched)) {
      for (Path t : tables.filter(Files::isDirectory).sorted().toList()) {
        if (!t.getFileName().toString().equals(LakeLayout.PRIVACY_DIR)) {
          out.addAll(expiredIn(t, oldestKept));
        }
      }
    }
    return out;
  }

  private static List<Path> expiredIn(Path dir, LocalDate oldestKept) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .filter(
              p ->
                  LakeLayout.parseDayDir(p.getFileName().toString())
                      .filter(d -> d.isBefore(oldestKept))
                      .isPresent())
          .sorted()
          .toList();
    }
  }

  /** Deletes a partition folder and everything in it. */
  public static void delete(Path partition) throws IOException {
    try (Stream<Path> s = Files.walk(partition)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
