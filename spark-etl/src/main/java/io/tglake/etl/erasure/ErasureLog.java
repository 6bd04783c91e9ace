package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The erasure's records in the enriched store, which make it resumable and auditable. No message
 * content is ever written here: ids, days, object keys (= update ids), counts and times.
 *
 * <ul>
 *   <li>{@link LakeLayout#erasurePlanKey} — written after the scan, before anything is deleted: the
 *       days and raw keys to remove. A rerun finds it and continues from it (a rescan could not see
 *       objects that were already deleted).
 *   <li>{@link LakeLayout#erasureDayKey} — per-day progress: {@code state} {@code started} (with
 *       the row counts before the rebuild) or {@code done} (with what was removed).
 *   <li>{@link LakeLayout#erasureAuditKey} — the audit record, written last; its presence means
 *       "completed" (a rerun is a no-op). Plan and progress files are removed once it is written.
 * </ul>
 */
final class ErasureLog {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectStore enriched;
  private final String id;

  ErasureLog(ObjectStore enriched, String requestId) {
    this.enriched = enriched;
    this.id = requestId;
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  String auditKey() {
    return LakeLayout.erasureAuditKey(id);
  }

  String planKey() {
    return LakeLayout.erasurePlanKey(id);
  }

  String dayKey(LocalDate day) {
    return LakeLayout.erasureDayKey(id, day);
  }

  Optional<JsonNode> audit() throws IOException {
    return read(auditKey());
  }

  Optional<JsonNode> plan() throws IOException {
    return read(planKey());
  }

  Optional<JsonNode> day(LocalDate day) throws IOException {
    return read(dayKey(day));
  }

  void writePlan(JsonNode plan) throws IOException {
    write(planKey(), plan);
  }

  void writeDay(LocalDate day, JsonNode progress) throws IOException {
    write(dayKey(day), progress);
  }

  /** The audit record, then the working files (the audit alone is the durable trace). */
  void complete(JsonNode audit, Iterable<LocalDate> days) throws IOException {
    write(auditKey(), audit);
    for (LocalDate d : days) {
      enriched.delete(dayKey(d));
    }
    enriched.delete(planKey());
  }

  private Optional<JsonNode> read(String key) throws IOException {
    Optional<byte[]> body = enriched.get(key);
    return body.isPresent() ? Optional.of(JSON.readTree(body.get())) : Optional.empty();
  }

  private void write(String key, JsonNode node) throws IOException {
    enriched.put(key, JSON.writeValueAsBytes(node));
  }
}
