package io.tglake.etl.erasure;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.BotMessages;
import io.tglake.etl.Tables;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Old versions of a rebuilt lake day. The lake bucket is versioned (noncurrent versions expire
 * after 7 days), so a rebuild that replaces a day's Parquet files, quarantine files and run reports
 * leaves the previous bodies — with the erased person's rows — readable as noncurrent versions.
 * After the rebuild this purges every version that existed before it ({@link #snapshot}) and is not
 * a key's current version now, then the delete markers of keys left with no data version; the new
 * current objects are never touched. On a local lake or an unversioned bucket every object is its
 * own single current version, so nothing is ever deleted here.
 *
 * <p>Only the day's own prefixes are listed ({@link #dayPrefixes}): the erasure role may list
 * versions under {@link io.tglake.contract.LakeLayout#dayPrefix} prefixes of the lake and nothing
 * else.
 */
final class LakeVersionPurge {

  private final ObjectStore lake;

  /**
   * @param lake the enriched lake (keys relative to the enriched root)
   */
  LakeVersionPurge(ObjectStore lake) {
    this.lake = lake;
  }

  /** The versions under a day's prefixes before its rebuild ({@code key + '\0' + versionId}). */
  record Snapshot(LocalDate day, Set<String> versions) {}

  /**
   * Every prefix of the lake a rebuild of {@code day} rewrites: each table's partition, the
   * quarantines and the run reports and lease of the day.
   */
  static List<String> dayPrefixes(LocalDate day) {
    List<String> dirs = new ArrayList<>(Tables.NAMES);
    dirs.add(BotMessages.TABLE);
    dirs.add(LakeLayout.QUARANTINE_DIR);
    dirs.add(LakeLayout.OUTGOING_QUARANTINE_DIR);
    List<String> prefixes = new ArrayList<>();
    dirs.forEach(d -> prefixes.add(LakeLayout.tablePrefix(d, day)));
    prefixes.add(LakeLayout.runsPrefix(day));
    return prefixes;
  }

  /**
   * Records the versions the rebuild of {@code day} may make old; call under the day's lease,
   * before the rebuild.
   */
  Snapshot snapshot(LocalDate day) throws IOException {
    Set<String> ids = new HashSet<>();
    for (ObjectStore.ObjectVersion v : versions(day)) {
      ids.add(id(v));
    }
    return new Snapshot(day, ids);
  }

  /**
   * Deletes the versions of {@code before} that are not current any more, data versions first and
   * then the delete markers of keys that have no data version left (so that a crash in between can
   * never make an old body current again by removing the marker that hides it).
   *
   * @return versions and delete markers removed
   */
  long purge(Snapshot before) throws IOException {
    Map<String, List<ObjectStore.ObjectVersion>> byKey = new LinkedHashMap<>();
    for (ObjectStore.ObjectVersion v : versions(before.day())) {
      byKey.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v);
    }
    long removed = 0;
    List<ObjectStore.ObjectVersion> markers = new ArrayList<>();
    Set<String> keysWithData = new HashSet<>();
    for (List<ObjectStore.ObjectVersion> vs : byKey.values()) {
      // Noncurrent means another version of the key is the current one: a store that reports no
      // current version
      // at all (an unversioned emulation) has nothing noncurrent to purge.
      boolean hasCurrent = vs.stream().anyMatch(ObjectStore.ObjectVersion::latest);
      for (ObjectStore.ObjectVersion v : vs) {
        if (v.deleteMarker()) {
          markers.add(v);
        } else if (hasCurrent && !v.latest() && before.versions().contains(id(v))) {
          lake.deleteVersion(v.key(), v.versionId());
          removed++;
        } else {
          keysWithData.add(v.key());
        }
      }
    }
    for (ObjectStore.ObjectVersion m : markers) {
      if (!keysWithData.contains(m.key()) && isVersioned(m)) {
        lake.deleteVersion(m.key(), m.versionId());
        removed++;
      }
    }
    return removed;
  }

  /**
   * What a rebuild of {@code day} would make purgeable, for {@code --dry-run}: every noncurrent
   * version and delete marker under the day's prefixes, and the current objects of its table and
   * quarantine partitions (the rebuild replaces or deletes each of them). Current run reports of
   * earlier runs stay current and are not listed.
   */
  List<ObjectStore.ObjectVersion> wouldPurge(LocalDate day) throws IOException {
    String runs = LakeLayout.runsPrefix(day);
    List<ObjectStore.ObjectVersion> out = new ArrayList<>();
    for (ObjectStore.ObjectVersion v : versions(day)) {
      boolean replaced = !v.key().startsWith(runs) || v.key().equals(LakeLayout.leaseKey(day));
      if (!v.latest() || v.deleteMarker() || replaced && isVersioned(v)) {
        out.add(v);
      }
    }
    return out;
  }

  /** Prints {@link #wouldPurge} for each day of a dry run. */
  void printDryRun(String requestId, Iterable<LocalDate> days, PrintStream out) throws IOException {
    for (LocalDate day : days) {
      List<String> listed =
          wouldPurge(day).stream()
              .map(
                  v -> v.key() + "@" + v.versionId() + (v.deleteMarker() ? " (delete marker)" : ""))
              .toList();
      out.printf(
          "forget %s: %s: %d lake object versions would be purged after the rebuild%s%n",
          requestId, day, listed.size(), listed.isEmpty() ? "" : " " + listed);
    }
  }

  /**
   * A local folder or an unversioned bucket reports the id {@code "null"}: replacing it keeps no
   * old body.
   */
  private static boolean isVersioned(ObjectStore.ObjectVersion v) {
    return !"null".equals(v.versionId());
  }

  private List<ObjectStore.ObjectVersion> versions(LocalDate day) throws IOException {
    List<ObjectStore.ObjectVersion> all = new ArrayList<>();
    for (String prefix : dayPrefixes(day)) {
      all.addAll(lake.listVersions(prefix));
    }
    return all;
  }

  private static String id(ObjectStore.ObjectVersion v) {
    return v.key() + '\0' + v.versionId();
  }
}
