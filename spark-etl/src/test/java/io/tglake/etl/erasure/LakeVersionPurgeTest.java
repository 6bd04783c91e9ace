package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.DayQuality;
import io.tglake.etl.DayResult;
import io.tglake.etl.erasure.ForgetVersionsTest.VersionedStore;
import io.tglake.etl.store.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * After a rebuild, {@code forget} purges the old versions of the day's lake objects it replaced or
 * deleted, and only those: never a new current object, never another day, never a version the
 * rebuild itself wrote. The lake is the in-memory store with S3's versioning semantics; the rebuild
 * is a fake that writes the way the upload commit does (one PUT per partition to a fixed key, a
 * DELETE of any other part).
 */
class LakeVersionPurgeTest {

  private static final LocalDate DAY = LocalDate.parse("2026-11-22");
  private static final String MESSAGES = "messages/context_date=2026-11-22/part-00000.zstd.parquet";
  private static final String EMR_PART =
      "message_entities/context_date=2026-11-22/part-00000-abc.c000.zstd.parquet";
  private static final String QUARANTINE = "_quarantine/context_date=2026-11-22/part-00000.json";
  private static final String OLD_REPORT =
      "_runs/context_date=2026-11-22/20261123T010000.000Z.json";
  private static final String NEW_REPORT =
      "_runs/context_date=2026-11-22/20261206T090000.000Z.json";
  private static final String OTHER_DAY =
      "messages/context_date=2026-11-21/part-00000.zstd.parquet";

  /** Records the order of version deletes. */
  private static final class Recording implements ObjectStore {
    final VersionedStore store = new VersionedStore();
    final List<String> deletedVersions = new ArrayList<>();

    @Override
    public List<ObjectInfo> list(String prefix) {
      return store.list(prefix);
    }

    @Override
    public Optional<byte[]> get(String key) {
      return store.get(key);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] body) {
      return store.putIfAbsent(key, body);
    }

    @Override
    public void put(String key, byte[] body) {
      store.put(key, body);
    }

    @Override
    public void delete(String key) {
      store.delete(key);
    }

    @Override
    public List<ObjectVersion> listVersions(String prefix) {
      return store.listVersions(prefix);
    }

    @Override
    public void deleteVersion(String key, String versionId) {
      deletedVersions.add(key + "@" + versionId);
      store.deleteVersion(key, versionId);
    }

    @Override
    public void close() {}
  }

  private static String put(ObjectStore s, String key, String body) throws Exception {
    s.put(key, body.getBytes(StandardCharsets.UTF_8));
    return s.listVersions(key).stream()
        .filter(v -> v.key().equals(key) && v.latest())
        .findFirst()
        .orElseThrow()
        .versionId();
  }

  private static List<String> versions(ObjectStore s, String key) throws Exception {
    return s.listVersions(key).stream()
        .filter(v -> v.key().equals(key))
        .map(v -> v.versionId() + (v.latest() ? "*" : "") + (v.deleteMarker() ? "x" : ""))
        .toList();
  }

  /** A day as two ETL runs left it: every table key has history, one part has an EMR name. */
  private static Map<String, List<String>> seed(ObjectStore lake) throws Exception {
    return Map.of(
        MESSAGES,
            List.of(
                put(lake, MESSAGES, "rows with 42, run 1"),
                put(lake, MESSAGES, "rows with 42, run 2")),
        EMR_PART, List.of(put(lake, EMR_PART, "entities of 42")),
        QUARANTINE, List.of(put(lake, QUARANTINE, "broken object of 42")),
        OLD_REPORT, List.of(put(lake, OLD_REPORT, "RUNNING"), put(lake, OLD_REPORT, "SUCCEEDED")),
        OTHER_DAY,
            List.of(
                put(lake, OTHER_DAY, "day before, run 1"),
                put(lake, OTHER_DAY, "day before, run 2")));
  }

  private static ForgetJob.DayRebuilder rebuildingInto(ObjectStore lake, List<String> written) {
    return new ForgetJob.DayRebuilder() {
      @Override
      public Map<String, Long> rows(LocalDate day) {
        return Map.of("messages", 1L);
      }

      @Override
      public DayResult rebuild(LocalDate day) throws Exception {
        written.add(put(lake, MESSAGES, "rows without 42"));
        lake.delete(EMR_PART);
        written.add(put(lake, QUARANTINE, "nothing of 42"));
        written.add(put(lake, NEW_REPORT, "RUNNING"));
        written.add(put(lake, NEW_REPORT, "SUCCEEDED"));
        return DayResult.succeeded(
            day, new DayResult.Read(1, 0, DayQuality.NONE, Map.of()), Map.of("updates", 1L), 0, 1);
      }

      @Override
      public Boolean pseudonymized(LocalDate day) {
        return false;
      }
    };
  }

  private static ForgetArgs args(boolean dryRun) {
    return new ForgetArgs(
        Set.of(42L),
        "mem://raw",
        "mem://lake",
        Optional.empty(),
        Optional.empty(),
        dryRun,
        "lake-req",
        Optional.empty(),
        Optional.empty());
  }

  private static VersionedStore rawWithTheirObject() {
    VersionedStore raw = new VersionedStore();
    raw.put(
        "context_date=" + DAY + "/1.json",
        ("{\"update_id\": 1, \"message\": {\"from\": {\"id\": 42}, "
                + "\"chat\": {\"id\": 42, \"type\": \"private\"}}}")
            .getBytes(StandardCharsets.UTF_8));
    return raw;
  }

  @Test
  void purgesTheReplacedAndDeletedVersionsOfTheRebuiltDayOnly() throws Exception {
    Recording lake = new Recording();
    Map<String, List<String>> old = seed(lake);
    List<String> written = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ForgetJob(
            args(false),
            rawWithTheirObject(),
            lake,
            rebuildingInto(lake, written),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            Clock.systemUTC())
        .run();

    assertThat(versions(lake, MESSAGES))
        .as("only the rebuilt messages file is left")
        .containsExactly(written.get(0) + "*");
    assertThat(versions(lake, EMR_PART))
        .as("a part the rebuild deleted: no version and no delete marker")
        .isEmpty();
    assertThat(versions(lake, QUARANTINE))
        .as("only the new quarantine file")
        .containsExactly(written.get(1) + "*");
    assertThat(versions(lake, OLD_REPORT))
        .as("an earlier run's report keeps its current version only")
        .containsExactly(old.get(OLD_REPORT).get(1) + "*");
    assertThat(versions(lake, NEW_REPORT))
        .as("versions the rebuild wrote itself stay")
        .containsExactly(written.get(3) + "*", written.get(2));
    assertThat(versions(lake, OTHER_DAY))
        .as("another day is not touched")
        .containsExactly(old.get(OTHER_DAY).get(1) + "*", old.get(OTHER_DAY).get(0));
    String emrMarker =
        lake.deletedVersions.stream()
            .filter(d -> d.startsWith(EMR_PART + "@m"))
            .findFirst()
            .orElseThrow();
    assertThat(lake.deletedVersions.indexOf(EMR_PART + "@" + old.get(EMR_PART).get(0)))
        .as("the old body goes before the delete marker that hides it")
        .isLessThan(lake.deletedVersions.indexOf(emrMarker));
    assertThat(lake.deletedVersions).as("everything purged").hasSize(6);
    String audit =
        new String(
            lake.get("_privacy/erasures/lake-req.json").orElseThrow(), StandardCharsets.UTF_8);
    assertThat(audit)
        .as("audit counts them per day and in total")
        .contains("\"lake_versions_removed\" : 6")
        .doesNotContain("rows with 42");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .as("progress")
        .contains("6 old lake versions purged");
  }

  @Test
  void dryRunListsTheVersionsItWouldPurgeAndChangesNothing() throws Exception {
    Recording lake = new Recording();
    Map<String, List<String>> old = seed(lake);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ForgetJob(
            args(true),
            rawWithTheirObject(),
            lake,
            rebuildingInto(lake, new ArrayList<>()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            Clock.systemUTC())
        .run();

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .as("the listing")
        .contains(
            "2026-11-22: 5 lake object versions would be purged after the "
                + "rebuild ["
                + String.join(
                    ", ",
                    List.of(
                        MESSAGES + "@" + old.get(MESSAGES).get(1),
                        MESSAGES + "@" + old.get(MESSAGES).get(0),
                        EMR_PART + "@" + old.get(EMR_PART).get(0),
                        QUARANTINE + "@" + old.get(QUARANTINE).get(0),
                        OLD_REPORT + "@" + old.get(OLD_REPORT).get(0)))
                + "]");
    assertThat(lake.deletedVersions).as("a dry run deletes nothing").isEmpty();
    assertThat(versions(lake, MESSAGES)).as("history intact").hasSize(2);
  }

  @Test
  void aLocalLakeHasNoOldVersionsToPurge() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("lake-purge");
    try (ObjectStore lake =
        io.tglake.etl.store.ObjectStores.open(dir.toString(), Optional.empty())) {
      lake.put(MESSAGES, "rows".getBytes(StandardCharsets.UTF_8));
      LakeVersionPurge purge = new LakeVersionPurge(lake);
      LakeVersionPurge.Snapshot before = purge.snapshot(DAY);
      lake.put(MESSAGES, "new rows".getBytes(StandardCharsets.UTF_8));
      assertThat(purge.wouldPurge(DAY)).as("a current local file is no old version").isEmpty();
      assertThat(purge.purge(before)).as("nothing removed").isZero();
      assertThat(lake.get(MESSAGES)).as("the current file stays").isPresent();
    }
  }
}
