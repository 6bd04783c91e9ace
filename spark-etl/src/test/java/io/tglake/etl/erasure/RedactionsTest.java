package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.etl.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A day's redaction on a versioned store: the object is rewritten under its key, its older versions
 * are purged (the current one stays), its arrival time is recorded once; a rerun (resume) changes
 * nothing more.
 */
class RedactionsTest {

  /**
   * S3 versioning in memory with S3's IsLatest flag (put adds a version, deleteVersion removes
   * one).
   */
  static final class Versioned implements ObjectStore {
    private final Map<String, List<String[]>> versions =
        new TreeMap<>(); // key -> [versionId, body]
    private int next;
    int puts;

    @Override
    public List<ObjectInfo> list(String prefix) {
      List<ObjectInfo> out = new ArrayList<>();
      versions.forEach(
          (k, vs) -> {
            if (k.startsWith(prefix) && !vs.isEmpty()) {
              out.add(
                  new ObjectInfo(
                      k, 1, Instant.ofEpochSecond(Long.parseLong(vs.get(vs.size() - 1)[0]))));
            }
          });
      return out;
    }

    @Override
    public Optional<byte[]> get(String key) {
      List<String[]> vs = versions.get(key);
      return vs == null || vs.isEmpty()
          ? Optional.empty()
          : Optional.of(vs.get(vs.size() - 1)[1].getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] body) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void put(String key, byte[] body) {
      puts++;
      versions
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(
              new String[] {
                String.valueOf(1_000 * ++next), new String(body, StandardCharsets.UTF_8)
              });
    }

    @Override
    public void delete(String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ObjectVersion> listVersions(String prefix) {
      List<ObjectVersion> out = new ArrayList<>();
      versions.forEach(
          (k, vs) -> {
            for (int i = 0; i < vs.size(); i++) {
              if (k.startsWith(prefix)) {
                out.add(
                    new ObjectVersion(k, vs.get(i)[0], i == vs.size() - 1, false, Instant.EPOCH));
              }
            }
          });
      return out;
    }

    @Override
    public void deleteVersion(String key, String versionId) {
      versions.get(key).removeIf(v -> v[0].equals(versionId));
    }

    @Override
    public void close() {}
  }

  private static final LocalDate DAY = LocalDate.parse("2026-11-22");
  private static final String KEY = "context_date=2026-11-22/8.json";
  private static final String KEY_10 = "context_date=2026-11-22/80.json";

  @Test
  void rewritesUnderTheKeyPurgesOlderVersionsAndKeepsTheArrivalTimeOnce() throws Exception {
    Versioned raw = new Versioned();
    String reply =
        "{\"update_id\":8,\"message\":{\"message_id\":8,\"from\":{\"id\":77,\"is_bot\":false,"
            + "\"first_name\":\"Caio\"},\"chat\":{\"id\":-1,\"type\":\"group\"},\"date\":1,\"reply_to_message\":"
            + "{\"message_id\":4,\"from\":{\"id\":42,\"is_bot\":false,\"first_name\":\"Ana\"},\"chat\":{\"id\":-1,"
            + "\"type\":\"group\"},\"date\":0,\"text\":\"meu cpf\"},\"text\":\"ok\"}}";
    raw.put(
        KEY,
        reply.getBytes(StandardCharsets.UTF_8)); // version 1000: a redelivery overwrote it once
    raw.put(
        KEY, reply.getBytes(StandardCharsets.UTF_8)); // version 2000, current, last-modified 2000 s
    raw.put(
        KEY_10, "{\"update_id\":80}".getBytes(StandardCharsets.UTF_8)); // version 3000: not planned
    JsonNode plan =
        new ObjectMapper()
            .readTree(
                "{\"user_ids\":[42],\"days\":{\"2026-11-22\":{\"keys\":[],"
                    + "\"redact_keys\":[\""
                    + KEY
                    + "\"]}}}");

    Redactions.Applied first = Redactions.apply(DAY, plan, raw, null);

    assertThat(new String(raw.get(KEY).orElseThrow(), StandardCharsets.UTF_8))
        .as("rewritten under its key")
        .doesNotContain("Ana", "meu cpf")
        .contains("\"text\":\"ok\"");
    assertThat(
            raw.listVersions(KEY).stream()
                .map(v -> v.versionId() + (v.latest() ? " latest" : ""))
                .toList())
        .as("both older versions purged, the rewrite is the only version")
        .containsExactly("5000 latest");
    assertThat(raw.listVersions(KEY_10)).as("an unplanned key keeps its version").hasSize(1);
    assertThat(first)
        .as("1 object, 2 versions, nothing kept")
        .isEqualTo(new Redactions.Applied(1, 0, 2, 0));
    assertThat(
            new String(
                raw.get("context_date=2026-11-22/_arrivals.json").orElseThrow(),
                StandardCharsets.UTF_8))
        .as("the original arrival (last-modified 2000 s), not the rewrite's")
        .isEqualTo("{\"" + KEY + "\":2000000}");

    int puts = raw.puts;
    Redactions.Applied again = Redactions.apply(DAY, plan, raw, null);
    assertThat(raw.puts)
        .as("a resumed day rewrites nothing again (not even the arrivals)")
        .isEqualTo(puts);
    assertThat(again)
        .as("counted from the plan, no versions left")
        .isEqualTo(new Redactions.Applied(1, 0, 0, 0));
  }
}
