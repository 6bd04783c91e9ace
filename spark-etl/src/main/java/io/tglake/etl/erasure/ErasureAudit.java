package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The audit record of a completed erasure ({@link ErasureLog#complete}): request id, user ids,
 * range, start and finish times, what the scan read, each day's {@code done} record and the totals
 * over the days. Ids, counts and times only, never message content: it is the one file that stays.
 */
final class ErasureAudit {

  private ErasureAudit() {}

  /**
   * @param plan the erasure's plan (ids, range, start, scan counts)
   * @param days the {@code done} record of every planned day, in day order
   */
  static ObjectNode of(String requestId, JsonNode plan, ArrayNode days, Instant finished) {
    ObjectNode audit = ErasureLog.object();
    audit.put("request_id", requestId);
    audit.set("user_ids", plan.get("user_ids"));
    audit.set("range", plan.get("range"));
    audit.put("started_at", plan.get("started_at").asText());
    audit.put("finished_at", finished.toString());
    audit.put("days_scanned", plan.get("days_scanned").asInt());
    audit.put("objects_scanned", plan.get("objects_scanned").asLong());
    audit.set("days", days);
    long objects = 0;
    long records = 0;
    long lakeVersionsRemoved = 0;
    long redacted = 0;
    for (JsonNode d : days) {
      objects += d.get("objects_removed").asLong();
      records += d.path("outgoing_records_removed").asLong();
      lakeVersionsRemoved += d.path("lake_versions_removed").asLong();
      redacted +=
          d.path("objects_redacted").asLong() + d.path("outgoing_records_redacted").asLong();
    }
    audit.put("objects_removed", objects);
    audit.put("outgoing_records_removed", records);
    audit.put("lake_versions_removed", lakeVersionsRemoved);
    audit.put("objects_redacted", redacted);
    return audit;
  }

  /** Raw objects removed over all days of an audit record. */
  static long objectsRemoved(JsonNode audit) {
    return audit.get("objects_removed").asLong();
  }
}
