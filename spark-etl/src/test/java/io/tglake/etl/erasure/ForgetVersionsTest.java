package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.DayQuality;
import io.tglake.etl.DayResult;
import io.tglake.etl.store.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * On a versioned raw bucket, erasing an object must also remove its older versions and the delete
 * marker its deletion leaves — and only those of exactly that key (not {@code 1.json.bak}, not
 * {@code 10.json}). An in-memory store with S3's versioning semantics; the day rebuild is a fake
 * that records its calls.
 */
class ForgetVersionsTest {

  /**
   * S3 versioning in memory: put adds a version, delete adds a delete marker, deleteVersion removes
   * one.
   */
  static final class VersionedStore implements ObjectStore {
    private final Map<String, List<ObjectVersion>> versions = new TreeMap<>();
    private final Map<String, byte[]> bodies = new LinkedHashMap<>();
    private int next;

    @Override
    public List<ObjectInfo> list(String prefix) {
      List<ObjectInfo> out = new ArrayList<>();
      versions.forEach(
          (k, vs) -> {
            ObjectVersion latest = vs.get(vs.size() - 1);
            if (k.startsWith(prefix) && !latest.deleteMarker()) {
              out.add(
                  new ObjectInfo(k, bodies.get(latest.versionId()).length, latest.lastModified()));
            }
          });
      return out;
    }

    @Override
    public Optional<byte[]> get(String key) {
      List<ObjectVersion> vs = versions.get(key);
      if (vs == null || vs.isEmpty() || vs.get(vs.size() - 1).deleteMarker()) {
        return Optional.empty();
      }
      return Optional.of(bodies.get(vs.get(vs.size() - 1).versionId()));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] body) {
      if (get(key).isPresent()) {
        return false;
      }
      put(key, body);
      return true;
    }

    @Override
    public void put(String key, byte[] body) {
      String id = "v" + (++next);
      bodies.put(id, body.clone());
      versions
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(new ObjectVersion(key, id, true, false, Instant.EPOCH.plusSeconds(next)));
    }

    @Override
    public void delete(String key) {
      if (get(key).isPresent()) {
        versions
            .get(key)
            .add(
                new ObjectVersion(
                    key, "m" + (++next), true, true, Instant.EPOCH.plusSeconds(next)));
      }
    }

    @Override
    public List<ObjectVersion> listVersions(String prefix) {
      List<ObjectVersion> out = new ArrayList<>();
      versions.forEach(
          (k, vs) -> {
            if (k.startsWith(prefix)) {
              // As S3 lists them: a key's versions newest first, and only the newest is current
              // (IsLatest).
              for (int i = vs.size() - 1; i >= 0; i--) {
                ObjectVersion v = vs.get(i);
                out.add(
                    new ObjectVersion(
                        v.key(),
                        v.versionId(),
                        i == vs.size() - 1,
                        v.deleteMarker(),
                        v.lastModified()));
              }
            }
          });
      return out;
    }

    @Override
    public void deleteVersion(String key, String versionId) {
      List<ObjectVersion> vs = versions.get(key);
      if (vs != null) {
        vs.removeIf(v -> v.versionId().equals(versionId));
        if (vs.isEmpty()) {
          versions.remove(key);
        }
      }
    }

    @Override
    public void close() {}
  }

  private static final LocalDate DAY = LocalDate.parse("2026-11-22");

  private static byte[] msg(long id, long user) {
    return ("{\"update_id\": "
            + id
            + ", \"message\": {\"from\": {\"id\": "
            + user
            + "}, \"chat\": {\"id\": "
            + user
            + ", \"type\": \"private\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void removesEveryVersionAndTheDeleteMarkerOfExactlyTheErasedKeys() throws Exception {
    VersionedStore raw = new VersionedStore();
    String p = "context_date=" + DAY + "/";
    raw.put(p + "1.json", msg(1, 42));
    raw.put(p + "1.json", msg(1, 42)); // an overwrite: two versions of the person's object
    raw.put(
        p + "1.json.bak",
        msg(1, 77)); // someone else's object whose key starts with the same characters
    raw.put(p + "10.json", msg(10, 77));
    raw.put(p + "10.json", msg(10, 77));
    VersionedStore lake = new VersionedStore();
    List<LocalDate> rebuilt = new ArrayList<>();
    ForgetJob.DayRebuilder fake =
        new ForgetJob.DayRebuilder() {
          @Override
          public Map<String, Long> rows(LocalDate day) {
            return Map.of("messages", rebuilt.isEmpty() ? 3L : 2L);
          }

          @Override
          public DayResult rebuild(LocalDate day) {
            rebuilt.add(day);
            return DayResult.succeeded(
                day,
                new DayResult.Read(2, 0, DayQuality.NONE, Map.of()),
                Map.of("updates", 2L),
                0,
                1);
          }

          @Override
          public Boolean pseudonymized(LocalDate day) {
            return false;
          }
        };
    ForgetArgs args =
        new ForgetArgs(
            Set.of(42L),
            "mem://raw",
            "mem://lake",
            Optional.empty(),
            Optional.empty(),
            false,
            "v-req",
            Optional.empty(),
            Optional.empty());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ForgetJob(
            args,
            raw,
            lake,
            fake,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            Clock.systemUTC())
        .run();

    assertThat(
            raw.listVersions(p + "1.json").stream()
                .map(v -> v.key() + "@" + v.versionId())
                .toList())
        .as("versions left under the prefix of the erased key")
        .containsExactly(p + "1.json.bak@v3");
    assertThat(raw.listVersions(p + "10.json")).as("10.json keeps both versions").hasSize(2);
    assertThat(rebuilt).as("the day was rebuilt once").containsExactly(DAY);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .as("progress")
        .contains("removed 1 raw objects (3 noncurrent versions), rows {\"messages\":1}");
    assertThat(
            new String(
                lake.get("_privacy/erasures/v-req.json").orElseThrow(), StandardCharsets.UTF_8))
        .as("audit")
        .contains("\"noncurrent_versions_removed\" : 3");
  }
}
